"""The thin Slack layer: the Web API gateway and the Block Kit builders."""
