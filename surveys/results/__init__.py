"""Survey results for facilitators (all countries) and focal points (their own country).

- `selectors`: the figures, computed with a fixed number of aggregate queries
  whatever the number of responses, with small-group protection applied;
- `permissions`: who sees which country's results and answers;
- `views`: the results page, the printable report, each chart as an SVG file
  and the raw answers as CSV.

Charts are drawn by `surveys.charts`, CSV is written by `surveys.exports`.
"""
