"""Program status for owners: `/mentor status` (the program, or one pair's metrics; a
member's own pair), the weekly digest DM (`status_digest` kind, its sweep), and
`/mentor report` / `tandem report` (a CSV of the pairs and a PNG chart). Figures only: no
reflection or feedback text is ever read into a report."""
