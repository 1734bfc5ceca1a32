"""The fake Slack as its own process, with Slack's rate limits and random faults.

    python -m bench.fake_server --port 0 --ceiling 200 --seed 7

prints `ready <api url>` once it listens, then serves until SIGTERM. Running it apart
from the workers keeps it from competing with them for one interpreter lock.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from bot.sandbox import FakeSlack
from tests.support.slacklimits import RandomFaults, RateLimits

TOKEN = "xoxb-bench-token"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ceiling", type=float, default=200.0, help="chat.postMessage/s")
    parser.add_argument("--seed", type=int, default=7)
    # 5% of calls fail with a 5xx: 0.5% internal_error (which may have been carried out, so
    # each such post is looked up in its conversation before it is sent again) and 4.5%
    # service_unavailable (not carried out); 0.2% are answered 429.
    parser.add_argument("--server-errors", type=float, default=0.005)
    parser.add_argument("--unavailable", type=float, default=0.045)
    parser.add_argument("--rate-limits", type=float, default=0.002)
    parser.add_argument("--no-faults", action="store_true")
    args = parser.parse_args()
    limits = RateLimits(post_ceiling=args.ceiling, post_ceiling_burst=args.ceiling)
    faults = None
    if not args.no_faults:
        faults = RandomFaults(
            seed=args.seed,
            server_errors=args.server_errors,
            rate_limits=args.rate_limits,
            unavailable=args.unavailable,
        )
    fake = FakeSlack(token=TOKEN, limits=limits, random_faults=faults, port=args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    fake.start()
    print(f"ready {fake.api_url}", flush=True)
    stop.wait()
    fake.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
