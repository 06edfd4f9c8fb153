"""The benchmark's parts that need no server: wrk's output, percentiles, the report, the refusals."""

import os
import subprocess
import sys

from django.conf import settings

from devtools.bench import report
from devtools.bench.throughput import parse_wrk
from devtools.bench.timing import percentile

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    4.02ms  61.20ms   80.11%
    Req/Sec   327.41     40.13   410.00     71.50%
  Latency Distribution
     50%   11.52ms
     75%   13.90ms
     90%   16.73ms
     99%   27.40ms
  6531 requests in 10.01s, 98.22MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    652.43
Transfer/sec:      9.81MB
"""


def test_wrk_output_is_read():
    result = parse_wrk("/", WRK_OUTPUT)

    assert result.requests_per_second == 652.43
    assert result.requests == 6531
    assert result.latency_ms == {"p50": 11.52, "p75": 13.9, "p90": 16.73, "p99": 27.4}
    assert result.non_2xx == 3
    assert result.socket_errors == 0


def test_wrk_socket_errors_and_units_are_read():
    output = WRK_OUTPUT.replace("     99%   27.40ms", "     99%    1.20s").replace(
        "  Non-2xx or 3xx responses: 3\n", "  Socket errors: connect 0, read 2, write 0, timeout 5\n"
    )

    result = parse_wrk("/", output)

    assert result.latency_ms["p99"] == 1200.0
    assert result.socket_errors == 7
    assert result.non_2xx == 0


def test_percentiles_are_nearest_rank():
    samples = list(range(1, 101))

    assert percentile(samples, 50) == 50
    assert percentile(samples, 95) == 95
    assert percentile([3.0], 95) == 3.0
    assert percentile([], 50) is None


def _data():
    row = {
        "key": "home",
        "label": "home `/`",
        "group": "public",
        "url": "/",
        "user": None,
        "status": 200,
        "cold_ms": 120.0,
        "cold_queries": 8,
        "warm_queries": 0,
        "p50_ms": 0.6,
        "p95_ms": 1.2,
        "max_ms": 2.0,
        "repeat": 30,
        "bytes": 40000,
        "rendered_p50_ms": 6.0,
        "rendered_p95_ms": 7.5,
        "target_ms": 100,
        "meets_target": True,
    }
    slow = {
        **row,
        "key": "admin_activities",
        "label": "admin: activities",
        "group": "admin",
        "p95_ms": 350.0,
        "target_ms": 300,
        "cold_queries": 6,
        "warm_queries": 6,
    }
    run = {
        "path": "/",
        "requests_per_second": 600.0,
        "requests": 6000,
        "latency_ms": {"p50": 10.0, "p99": 30.0},
        "non_2xx": 0,
        "socket_errors": 0,
        "duration_s": 10,
        "load_average": (1.5, 1.2, 1.0),
        "ratio": 0.8,
    }
    healthz = {**run, "path": "/healthz", "requests_per_second": 750.0}
    return {
        "date": "2026-11-26 12:00 CST",
        "arguments": "",
        "scale": 10.0,
        "repeat": 30,
        "load_average": {"before timing": (0.5, 0.4, 0.3), "after timing": (1.0, 0.5, 0.4)},
        "machine": {
            "cpu": "Test CPU",
            "nproc": 2,
            "memory_mb": 24000,
            "os": "Linux",
            "python": "3.11.7",
            "database": "PostgreSQL 15",
            "commit": "abc123",
            "dirty": False,
        },
        "seed": {"seeded": True, "organizations": 80950, "seconds": 215.8, "vacuum_seconds": 9.0},
        "totals": {
            "organizations": 80950,
            "party_organizations": 17410,
            "activities": 200000,
            "published": 164469,
            "photos": 39182,
        },
        "config": {
            "debug": False,
            "template_loaders": ["django.template.loaders.cached.Loader"],
            "conn_max_age": 600,
            "cache": "LocMemCache",
            "static_storage": "gzpartybuild.storage.StaticStorage",
        },
        "compare": {
            "scale": 1.0,
            "seed_seconds": 25.0,
            "organizations": 8095,
            "pages": {"home": {**row}, "admin_activities": {**slow, "cold_queries": 7}},
        },
        "pages": [row, slow],
        "search_matches": {"会": 38300},
        "throughput": {
            "workers": 4,
            "connections": 8,
            "threads": 2,
            "duration_s": 10,
            "healthz_before": healthz,
            "healthz_after": healthz,
            "healthz_rps": 750.0,
            "runs": [run],
            "peak_worker_rss_mb": 91.5,
            "worker_rss_mb": [88.0, 91.5],
            "server_errors": 0,
            "static": {
                "file": "x.css",
                "url": "/static/x.123.css",
                "cache_control": "max-age=31536000, public, immutable",
                "content_encoding": "br",
                "bytes_sent": 100,
                "bytes_original": 1000,
            },
        },
    }


def test_the_report_gives_each_target_its_verdict():
    text = report.render(_data())

    assert "| home `/` | 8 / 0 | 8 / 0 | 120.0 | 0.6 | 1.2 | 7.5 | ✓ ≤ 100 |" in text
    assert "✗ 50 ms over 300" in text
    assert "6 / 6 | 7 / 6 ≠" in text
    assert "Query counts that differ between scales: admin: activities (6 at 10×, 7 at 1×)." in text
    assert "| `/` | 600 | 80% | 10.0 | 30.0 | 1.5 | ✓ ≥ 50% |" in text
    assert "**91.5 MB**" in text
    assert "`Cache-Control: max-age=31536000, public, immutable`" in text
    assert "seeded in this run in 216 s" in text
    assert "24,000 MB memory" in text


def test_writing_the_report_keeps_the_hand_written_part(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    path.write_text("# Performance\n\n## Analysis\n\nWritten by hand.\n", encoding="utf-8")

    report.write(path, report.render(_data()))
    first = path.read_text(encoding="utf-8")
    report.write(path, report.render({**_data(), "date": "2026-12-01 09:00 CST"}))
    second = path.read_text(encoding="utf-8")

    assert first.startswith("# Performance\n\n## Analysis\n\nWritten by hand.\n")
    assert second.startswith("# Performance\n\n## Analysis\n\nWritten by hand.\n")
    assert second.count(report.BEGIN) == 1 and second.count(report.END) == 1
    assert "2026-12-01 09:00 CST" in second and "2026-11-26 12:00 CST" not in second


def test_a_missing_report_is_created_with_a_place_for_the_analysis(tmp_path):
    path = tmp_path / "docs" / "PERFORMANCE.md"

    report.write(path, report.render(_data()))

    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Performance")
    assert "## Analysis" in text and report.BEGIN in text


def test_the_benchmark_refuses_sqlite_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"

    done = subprocess.run(
        [sys.executable, "manage.py", "bench", "--no-write"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode != 0
    assert "只在 PostgreSQL 上运行" in done.stderr


def test_the_report_lists_the_slowest_filters_and_sums_up_the_rest():
    data = _data()
    filters = [
        {
            **data["pages"][0],
            "key": f"filter_{n}",
            "label": f"/organizations/?district={n}",
            "group": "filter",
            "url": f"/organizations/?district={n}",
            "p95_ms": float(n),
            "cold_queries": 4,
            "warm_queries": 3,
        }
        for n in range(1, 21)
    ]
    filters[-1].update(p95_ms=140.0, meets_target=False)
    data["pages"] += filters
    data["filter_repeat"] = 5

    text = report.render(data)

    assert "| /organizations/?district=20 | 4 / 3 |" in text  # the slowest is listed
    assert "/organizations/?district=1 |" not in text  # the fastest are summed up
    assert "Public filters: 20 pages" in text and "5 warm requests each" in text
    assert "p95 at most 140.0 ms" in text
    assert "1 over the target of 100 ms: `/organizations/?district=20` 140 ms" in text


def test_the_report_gives_the_share_of_throughput_kept_with_writers():
    data = _data()
    run = data["throughput"]["runs"][0]
    data["throughput"]["mixed"] = {
        "healthz": {**run, "path": "/healthz", "requests_per_second": 700.0},
        "runs": [
            {
                **run,
                "requests_per_second": 420.0,
                "ratio_of_healthz": 0.6,
                "ratio_of_healthz_without_writers": 0.8,
                "kept": 0.7,
            },
        ],
        "writes": {"draft saved": 8, "draft edited": 8, "submitted": 7, "refused": 0},
    }

    text = report.render(data)

    assert "#### Readers while secretaries write" in text
    assert "draft saved 8, draft edited 8, submitted 7, refused 0" in text
    assert "| `/` | 420 | 60% | 80% | 70% | 10.0 | 30.0 | 1.5 | ✗ 10% short of 80% |" in text
