"""Noise for research releases: the discrete Laplace mechanism on integer counts (ADR 0029).

Why not OpenDP here: opendp 0.16.0 (shared/research/stack.md) is a 265 MB
native library. Until the project decides to carry it, this module is the
fallback stack.md names: an exact sampler of the discrete Laplace
distribution (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for
Differential Privacy", Algorithm 2), in integer and rational arithmetic only,
so no floating-point side channel (Mironov 2012) exists. Randomness comes from
`secrets.SystemRandom()`; tests pass a seeded `random.Random`. Swapping in
OpenDP's `make_laplace(atom_domain(T=int), ...)` means replacing
`discrete_laplace()` and nothing else.

A count has sensitivity 1 (one person's record changes it by at most one), so
noise of scale b gives ε = 1 / b for one count; the cells of one table count
disjoint records, so the whole table costs the same ε (parallel composition).
"""

import math
import secrets
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol


class RandomSource(Protocol):
    def randrange(self, stop: int, /) -> int: ...


def system_random() -> RandomSource:
    return secrets.SystemRandom()


def _bernoulli(p: Fraction, rng: RandomSource) -> bool:
    return rng.randrange(p.denominator) < p.numerator


def _bernoulli_exp(gamma: Fraction, rng: RandomSource) -> bool:
    """True with probability exp(-gamma), gamma ≥ 0, exactly (CKS Algorithm 1)."""
    while gamma > 1:
        if not _bernoulli_exp(Fraction(1), rng):
            return False
        gamma -= 1
    k = 1
    while _bernoulli(gamma / k, rng):
        k += 1
    return k % 2 == 1


def discrete_laplace(scale: Fraction, rng: RandomSource) -> int:
    """A sample of P(x) ∝ exp(-|x| / scale) over the integers (CKS Algorithm 2, scale = t / s)."""
    if scale <= 0:
        raise ValueError("the noise scale is positive")
    t, s = scale.numerator, scale.denominator
    while True:
        u = rng.randrange(t)
        if not _bernoulli_exp(Fraction(u, t), rng):
            continue
        v = 0
        while _bernoulli_exp(Fraction(1), rng):
            v += 1
        y = (u + t * v) // s
        negative = _bernoulli(Fraction(1, 2), rng)
        if negative and y == 0:
            continue
        return -y if negative else y


def scale_for(epsilon: Fraction) -> Fraction:
    """The scale that spends `epsilon` on a table of counts (sensitivity 1)."""
    return 1 / epsilon


@dataclass(frozen=True)
class ErrorMetrics:
    """What a reader needs to judge a noisy count, published beside the release."""

    epsilon: float
    scale: float
    standard_deviation: float
    # 95 % of noisy counts are within this many of the true count.
    margin_95: int

    @classmethod
    def of(cls, scale: Fraction) -> "ErrorMetrics":
        b = float(scale)
        q = math.exp(-1 / b)
        variance = 2 * q / (1 - q) ** 2
        # P(|X| > k) = 2 q^(k+1) / (1 + q): the smallest k where that is at most 5 %.
        k = 0
        while 2 * q ** (k + 1) / (1 + q) > 0.05:
            k += 1
        return cls(epsilon=1 / b, scale=b, standard_deviation=math.sqrt(variance), margin_95=k)
