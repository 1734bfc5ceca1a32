"""The outbox: every scheduled message is planned as a row and sent from there, once."""
