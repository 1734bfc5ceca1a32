"""`tandem prompts check`: every template rendered with sample data, every word list read,
and every message and view built and validated as Slack would, each problem named by file
and line. The bot runs the same check when it starts and refuses to start on a problem."""
