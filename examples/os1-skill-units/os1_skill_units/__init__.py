"""Convert between common units of length, mass, volume and temperature."""

from __future__ import annotations

from os1.skill import Skill, intent

__all__ = ["UnitsSkill"]

# unit -> (dimension, factor to the base unit); temperatures are converted separately
_UNITS = {
    "km": ("length", 1000.0), "m": ("length", 1.0), "cm": ("length", 0.01), "mi": ("length", 1609.344),
    "ft": ("length", 0.3048), "in": ("length", 0.0254), "yd": ("length", 0.9144),
    "kg": ("mass", 1000.0), "g": ("mass", 1.0), "lb": ("mass", 453.59237), "oz": ("mass", 28.349523125),
    "l": ("volume", 1.0), "ml": ("volume", 0.001), "gal": ("volume", 3.785411784), "cup": ("volume", 0.2365882365),
    "c": ("temperature", 1.0), "f": ("temperature", 1.0),
}
_NAMES = {
    "km": "kilometres", "m": "metres", "cm": "centimetres", "mi": "miles", "ft": "feet", "in": "inches",
    "yd": "yards", "kg": "kilograms", "g": "grams", "lb": "pounds", "oz": "ounces", "l": "litres",
    "ml": "millilitres", "gal": "gallons", "cup": "cups", "c": "degrees Celsius", "f": "degrees Fahrenheit",
}
_SPOKEN = [
    ("km", "km"), ("kg", "kg"), ("lbs", "lb"), ("kilometres", "km"), ("kilometers", "km"), ("kilometre", "km"), ("kilometer", "km"),
    ("metres", "m"), ("meters", "m"), ("metre", "m"), ("meter", "m"),
    ("centimetres", "cm"), ("centimeters", "cm"), ("miles", "mi"), ("mile", "mi"),
    ("feet", "ft"), ("foot", "ft"), ("inches", "in"), ("inch", "in"), ("yards", "yd"), ("yard", "yd"),
    ("kilograms", "kg"), ("kilogram", "kg"), ("kilos", "kg"), ("grams", "g"), ("gram", "g"),
    ("pounds", "lb"), ("pound", "lb"), ("ounces", "oz"), ("ounce", "oz"),
    ("litres", "l"), ("liters", "l"), ("litre", "l"), ("liter", "l"), ("millilitres", "ml"),
    ("milliliters", "ml"), ("gallons", "gal"), ("gallon", "gal"), ("cups", "cup"), ("cup", "cup"),
    ("degrees celsius", "c"), ("celsius", "c"), ("degrees fahrenheit", "f"), ("fahrenheit", "f"),
]


def convert(amount: float, source: str, target: str) -> float:
    """*amount* in unit *source*, expressed in unit *target*.

    Raises:
        ValueError: the units measure different things (miles into grams).
    """
    dim_s, f_s = _UNITS[source]
    dim_t, f_t = _UNITS[target]
    if dim_s != dim_t:
        raise ValueError(f"{_NAMES[source]} and {_NAMES[target]} measure different things")
    if dim_s == "temperature":
        if source == target:
            return amount
        return amount * 9 / 5 + 32 if source == "c" else (amount - 32) * 5 / 9
    return amount * f_s / f_t


def _say(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


class UnitsSkill(Skill):
    """Unit conversion: length, mass, volume, temperature."""

    name = "units"
    title = "Units"
    description = "convert between units of length, weight, volume and temperature"
    lists = {"unit": _SPOKEN}

    @intent("convert",
            "(convert|what is|how much is|how many is) {amount:number} {source:unit} (in|into|to) {target:unit}",
            "how many {target:unit} [are there|is|are] in {amount:number} {source:unit}",
            "how many {target:unit} in (a|an|one) {source:unit}",
            help="convert units", examples=["convert ten miles into kilometres"])
    def convert(self, match, ctx):  # type: ignore[no-untyped-def]
        amount = match.slots.get("amount", 1)
        source, target = match.slots["source"], match.slots["target"]
        try:
            value = convert(float(amount), source, target)
        except ValueError as exc:
            return ctx.reply(f"I can't convert that: {exc}.")
        return ctx.reply(f"{_say(float(amount))} {_NAMES[source]} is {_say(value)} {_NAMES[target]}.")
