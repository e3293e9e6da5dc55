"""Neighbourhood insight: what residents ask for, where help is missing, counted with nothing personal.

`events` reduces a search to a `Demand` (hour, channel, language, need, neighbourhood, results found);
`recorder` buffers them and writes them in batches off the request path; `rollup` sums them by day and
week and purges raw events after the retention period; `periods` are the fixed weeks and months pages
and the feed speak in; `figures` reads one period's counts and `suppression` hides small numbers and
whatever would let someone subtract their way to them; `access` says who sees which neighbourhood.
"""
