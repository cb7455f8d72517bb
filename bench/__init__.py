"""Kiosk's speed measures, and the real server and browser they share with the tests."""
