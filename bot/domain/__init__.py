"""Pure domain logic: plain values in, plain values out, `now` passed in. No Slack, no I/O."""
