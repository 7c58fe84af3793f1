"""Audio in and out: devices, capture, playback, recognisers, models, wake word, text-to-speech."""
