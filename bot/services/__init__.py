"""Services: each owns its transaction, calls the domain and hands messages to the gateway."""
