"""Scheduled work: the database holds what is due; APScheduler only runs small sweeps."""
