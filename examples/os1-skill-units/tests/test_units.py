"""The units skill, tested the way a third-party author would: with os1.testing."""

from os1_skill_units import UnitsSkill, convert

from os1.testing import Case, SkillHarness


def test_conversions_are_right():
    assert round(convert(10, "mi", "km"), 3) == 16.093
    assert round(convert(100, "c", "f"), 1) == 212.0
    assert round(convert(3, "oz", "g"), 2) == 85.05


def test_table(tmp_path):
    with SkillHarness([UnitsSkill], home=tmp_path) as harness:
        harness.check([
            Case("convert ten miles into kilometres", intent="convert",
                 slots={"amount": 10, "source": "mi", "target": "km"}, reply_contains=["16.09 kilometres"]),
            Case("how many grams in three ounces", intent="convert", reply_contains=["85.05 grams"]),
            Case("um what is a hundred degrees celsius in fahrenheit please", reply_contains=["212 degrees"]),
            Case("how many feet in a mile", reply_contains=["5,280 feet"]),
            Case("convert five miles into grams", reply_contains=["can't convert", "different things"]),
            Case("convert lots of miles into kilometres", intent="-"),
        ])
