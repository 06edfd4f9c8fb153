"""The benchmark behind `manage.py bench`: seed at a scale, time every page, measure throughput.

- `pages` picks the pages to time from the seeded records (deep pages, search words,
  the busiest party organization) so that the same command works at any scale;
- `timing` requests each page in-process through Django's test client: queries, cold
  first request, p50 / p95 over repeated requests;
- `throughput` runs gunicorn and wrk on the loopback and samples the workers' memory;
- `machine` describes the machine and the code; `report` writes docs/PERFORMANCE.md.
"""
