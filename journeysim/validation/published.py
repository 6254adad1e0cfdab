"""How many runs the published validation's figures rest on (read by the patterns, the knock-outs and the CLI)."""

PUBLISHED_REPLICATIONS = 1600
"""Runs per scenario for a pattern's published figure: enough that a share near one half is known to about 2.5
percentage points either way (95%), a quarter of the ten-point difference the study could have seen, so that a
verdict rests on the model rather than on too few runs."""

KNOCKOUT_REPLICATIONS = 400
"""Runs per scenario for a knock-out (the first seeds of the pattern's own runs, so the two are paired)."""
