"""Milestones and celebrations: recording each milestone of a pair once (found by the
`milestones` and `anniversaries` sweeps, or recorded where it happens: the agreement pinned,
a goal marked done with `/mentor goals`, an owner's `/mentor end ... completed`); its own
celebration in the pair channel through the outbox, with an emoji reaction; the shoutout
channel's batched shoutouts of the public milestones and kudos, with `/mentor shoutouts
on|off` and a broken channel held until the settings change; `/mentor kudos`."""
