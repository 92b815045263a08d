"""Valid request bodies generated per second, hypothesis strategies against plain ``random`` generation.

The baseline builds the same kind of data with the ``random`` module from the
same sources (surname and given-name lists, python-stdnum's region codes and
check character, Pillow images, the same pool of large photos): the ratio is
the price of hypothesis's bookkeeping (choice sequences, shrinkability).

Usage: python bench/strategies.py [--examples N] [--seconds S]
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import time
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PIL import Image

from conformance import spec
from conformance.strategies import authentication_bodies, photo_bodies
from conformance.strategies.id_numbers import check_character, region_codes
from conformance.strategies.names import _lines
from conformance.strategies.photos import _exact, _pool, encode


MAX_NAME = spec.load()["components"]["schemas"]["Name"]["maxLength"]


def hypothesis_rate(strategy: st.SearchStrategy[Any], examples: int) -> float:
    count = 0

    @settings(max_examples=examples, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=[HealthCheck.too_slow])  # a throughput run, not a test
    @given(strategy)
    def consume(body: dict[str, Any]) -> None:
        nonlocal count
        count += 1

    start = time.perf_counter()
    consume()
    return count / (time.perf_counter() - start)


def random_rate(make: Callable[[random.Random], dict[str, Any]], seconds: float) -> float:
    rng, count, start = random.Random(0), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        make(rng)
        count += 1
    return count / (time.perf_counter() - start)


def random_name(rng: random.Random) -> str:
    """Han, astral, minority or maximum-length names, as the strategy mixes them."""
    han = rng.choice(_lines("surnames.txt")) + rng.choice(_lines("given_names.txt"))
    kind = rng.randrange(4)
    if kind == 0:
        return han
    if kind == 1:
        return han + chr(rng.randint(0x20000, 0x2A6DF))
    parts = _lines("minority_name_parts.txt")
    if kind == 2:
        return "·".join(rng.choices(parts, k=rng.randint(2, 4)))
    return "·".join(rng.choices(parts, k=20))[:MAX_NAME].rstrip("·")


def random_id_number(rng: random.Random) -> str:
    born = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange((datetime.date.today() - datetime.date(1900, 1, 1)).days))
    first17 = f"{rng.choice(region_codes())}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + check_character(first17)


def random_photo(rng: random.Random) -> str:
    formats = spec.image_formats()
    if rng.random() < 0.5:
        size, fmt = rng.choice(_pool(formats))
        return _exact(fmt, size)
    image = Image.new("RGB", (rng.randint(1, 64), rng.randint(1, 64)), tuple(rng.randbytes(3)))
    out = io.BytesIO()
    image.save(out, rng.choice(formats))
    return encode(out.getvalue())


def random_phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "106" + "".join(rng.choices("0123456789", k=10))
    return rng.choice(["13", "15", "18", "19"]) + "".join(rng.choices("0123456789", k=9))


def random_authentication(rng: random.Random) -> dict[str, Any]:
    return {"name": random_name(rng), "idNumber": random_id_number(rng)}


def random_photo_body(rng: random.Random) -> dict[str, Any]:
    return {"photoType": rng.choice(spec.photo_types()), "photoBase64Str": random_photo(rng),
            "phoneNumber": random_phone(rng), "operator": rng.choice(["", random_name(rng)])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="hypothesis examples per endpoint")
    parser.add_argument("--seconds", type=float, default=2.0, help="baseline run time per endpoint")
    args = parser.parse_args()
    for size, fmt in _pool(spec.image_formats()):  # render the pool before timing either side
        _exact(fmt, size)
    print(f"{'endpoint':<28}{'hypothesis/s':>14}{'random/s':>12}{'ratio':>8}")
    for path, strategy, make in (
        ("/identity/authentication", authentication_bodies(), random_authentication),
        ("/identity/photos", photo_bodies(), random_photo_body),
    ):
        ours, baseline = hypothesis_rate(strategy, args.examples), random_rate(make, args.seconds)
        print(f"{path:<28}{ours:>14,.0f}{baseline:>12,.0f}{baseline / ours:>7.1f}x")


if __name__ == "__main__":
    main()
