"""The OS¹ dashboard, a Textual app."""
