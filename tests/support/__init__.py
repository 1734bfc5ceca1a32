"""Test support: the fake Slack Web API, a signed-request driver and app runners."""
