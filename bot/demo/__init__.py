"""`tandem demo`: a program's first weeks played against the sandbox Slack.

The real bot runs (app factory, listeners, scheduler passes, outbox, a real database) and
talks to the in-process sandbox Slack (bot/sandbox/). Simulated people (prompts/demo/cast.toml)
read what reaches their DMs and channels and answer through signed Slack payloads, as people
do: a click, a form, a reply, or nothing. What Tandem says comes only from its own code.

- `cast.py`: the people and what they will type; `stage.py`: the bot, database and Slack;
- `people.py`, `habits.py`, `forms.py`: what a person does with a message or a modal;
- `play.py`: the calendar (an hourly scheduler pass) and the owner's moments;
- `record.py`, `terminal.py`, `page.py`, `mrkdwn.py`, `metrics.py`: the transcript.
"""
