"""The program as owners run it: who is an owner, `/mentor owners`, `/mentor settings`,
`/mentor help`, the App Home tab, and routing a `/mentor` command to the
feature that answers it."""
