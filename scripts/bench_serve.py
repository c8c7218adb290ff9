"""Latency and throughput of the warm gate service under N concurrent clients (loopback only).

    python3 scripts/bench_serve.py                       # starts `nlp-audit serve` on a free port, stops it after
    python3 scripts/bench_serve.py --clients 1,2,4,8 --requests 300 --max-seconds 30
    python3 scripts/bench_serve.py --url http://127.0.0.1:8000   # a server you started (must be loopback)

Each level sends at most --requests uploads of one form file and stops after --max-seconds,
whichever comes first; every client is one thread with a keep-alive connection, posting the next
upload as soon as the last one answered. Prints p50/p95/p99 latency per form (ms), forms/s, and
the median time the check itself took in the worker (the Server-Timing header) and, for a server
this script started, the CPU time the server and its workers spent per form (independent of
whatever else the machine runs).
The machine is shared and noisy: run it a few times and report ranges.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "corpus" / "examples" / "synthetic_tabbed_clean.txt"


def _loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, embedder: str, timeout: float = 300.0) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "nlp_audit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--embedder", embedder]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not become ready in time")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_level(url: str, uploads: list[tuple[str, bytes]], clients: int, requests: int, max_seconds: float,
              mode: str, first: int = 0) -> dict:
    """``clients`` threads share a budget of ``requests`` uploads and a deadline; the uploads are
    taken in turn from ``uploads`` from index ``first`` on (one file, or a folder of distinct forms
    so no cache helps)."""
    latencies: list[float] = []
    checks: list[float] = []  # the worker's own time (Server-Timing), to tell queueing and HTTP apart
    forms: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [requests]
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=max(60.0, max_seconds)) as http:
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                    name, data = uploads[(first + requests - budget[0] - 1) % len(uploads)]
                t0 = time.perf_counter()
                try:
                    if mode == "json":
                        r = http.post("/v1/check", json={"text": data.decode("utf-8"), "filename": name})
                    else:
                        r = http.post("/v1/check", files={"file": (name, data)})
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                dt = time.perf_counter() - t0
                with lock:
                    if r.status_code == 200:
                        latencies.append(dt)
                        forms.append(r.json()["forms"])
                        checks.append(_check_ms(r.headers.get("server-timing", "")))
                    else:
                        errors.append(str(r.status_code))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "ok": len(latencies), "errors": len(errors), "elapsed": elapsed,
            "latencies": sorted(latencies), "checks": sorted(c for c in checks if c == c), "forms": sum(forms)}


def _check_ms(header: str) -> float:
    """'check;dur=5.1' -> 5.1 (NaN when absent)."""
    for part in header.split(";"):
        if part.strip().startswith("dur="):
            return float(part.strip()[4:])
    return float("nan")


def _cpu_seconds(root: int) -> float:
    """User + system CPU seconds of a process and all its descendants (Linux /proc): what one form
    costs the server whatever else the machine is running."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2:].split()  # after 'pid (comm) '
        stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(stats[pid][1] for pid in tree if pid in stats)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server (loopback only); default: start one")
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the form uploaded by every request")
    ap.add_argument("--files", type=Path, help="a folder of .txt forms uploaded in turn, each request another "
                    "form (e.g. the realistic corpus: python scripts/realistic_corpus.py DIR); overrides --file")
    ap.add_argument("--clients", default="1,2,4,8", help="concurrency levels, comma-separated")
    ap.add_argument("--requests", type=int, default=300, help="uploads per level at most")
    ap.add_argument("--max-seconds", type=float, default=30.0, help="seconds per level at most")
    ap.add_argument("--warmup", type=int, default=20, help="uploads before measuring")
    ap.add_argument("--mode", choices=("multipart", "json"), default="multipart")
    ap.add_argument("--workers", type=int, default=0, help="workers of the server this script starts (0 = cores)")
    ap.add_argument("--embedder", default="e5", help="embedder of the server this script starts")
    args = ap.parse_args()
    if args.url and not _loopback(args.url):
        raise SystemExit("--url must be a loopback address (127.0.0.0/8, ::1, localhost)")
    if args.requests < 1 or args.max_seconds <= 0:
        raise SystemExit("--requests and --max-seconds must be positive")
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    if not levels or min(levels) < 1 or max(levels) > 64:
        raise SystemExit("--clients takes levels between 1 and 64")
    paths = sorted(args.files.glob("*.txt")) if args.files else [args.file]
    if not paths:
        raise SystemExit(f"no .txt file in {args.files}")
    uploads = [(p.name, p.read_bytes()) for p in paths]
    proc = None
    url = args.url
    if url is None:
        t0 = time.perf_counter()
        proc, url = start_server(args.workers, args.embedder)
        print(f"server ready in {time.perf_counter() - t0:.1f} s (workers={args.workers or os.cpu_count()}, "
              f"embedder={args.embedder})")
    try:
        health = httpx.get(url + "/healthz", timeout=5).json()
        what = (f"files={args.files} ({len(uploads)} forms files, {sum(len(d) for _, d in uploads) // len(uploads)} "
                f"bytes on average)" if args.files else f"file={args.file.name} ({len(uploads[0][1])} bytes)")
        print(f"{url}  workers={health.get('workers')}  {what}  mode={args.mode}")
        run_level(url, uploads, 1, args.warmup, 60.0, args.mode, first=len(uploads) - args.warmup)
        first = 0  # each level goes on with forms the server has not seen yet (as far as the folder goes)
        print(f"{'clients':>7} {'ok':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'forms/s':>8}"
              f" {'check p50':>10} {'cpu ms/form':>12}")
        for clients in levels:
            cpu0 = _cpu_seconds(proc.pid) if proc is not None else float("nan")
            r = run_level(url, uploads, clients, args.requests, args.max_seconds, args.mode, first)
            first += r["ok"] + r["errors"]
            cpu = (_cpu_seconds(proc.pid) - cpu0) * 1000 / max(r["forms"], 1) if proc is not None else float("nan")
            lat = [x * 1000 for x in r["latencies"]]
            rate = r["forms"] / r["elapsed"] if r["elapsed"] else 0.0
            print(f"{clients:>7} {r['ok']:>5} {r['errors']:>4} {_pct(lat, 50):>8.1f} {_pct(lat, 95):>8.1f} "
                  f"{_pct(lat, 99):>8.1f} {rate:>8.1f} {_pct(r['checks'], 50):>10.1f} {cpu:>12.1f}")
    finally:
        if proc is not None:
            stop_server(proc)


if __name__ == "__main__":
    main()
