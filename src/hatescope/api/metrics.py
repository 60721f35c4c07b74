"""Prometheus metrics for GET /metrics. One registry per app, so tests can build many apps."""

from __future__ import annotations

from typing import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# Buckets sized for the p99 < 50 ms target: fine resolution below 100 ms.
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ApiMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "hatescope_http_requests_total", "HTTP requests by route template, method and status.",
            ["route", "method", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "hatescope_http_request_duration_seconds", "Time from request to response, by route template.",
            ["route"], buckets=_LATENCY_BUCKETS, registry=self.registry,
        )
        self.in_flight = Gauge("hatescope_http_requests_in_flight", "Requests being handled now.", registry=self.registry)
        self.analyses = Counter(
            "hatescope_analyses_total", "Texts analysed, by the action the policy chose.", ["action"], registry=self.registry,
        )
        self.rate_limited = Counter(
            "hatescope_rate_limited_total", "Requests refused with 429.", registry=self.registry,
        )

    def watch_queue(self, depth: Callable[[], int]) -> None:
        """Export the analysis queue's depth, read at scrape time."""
        g = Gauge("hatescope_analysis_queue_depth", "Texts waiting for an analysis worker.", registry=self.registry)
        g.set_function(depth)

    def observe(self, *, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route=route, method=method, status=str(status)).inc()
        self.latency.labels(route=route).observe(seconds)
        if status == 429:
            self.rate_limited.inc()

    def count_analyses(self, actions: list[str]) -> None:
        for action in actions:
            self.analyses.labels(action=action).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
