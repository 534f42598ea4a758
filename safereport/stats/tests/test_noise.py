"""The discrete Laplace sampler has the declared scale, and the error published beside a release is right.

A fixed seed makes the statistical checks deterministic; the tolerances are
about three standard errors of each estimate at this sample size.
"""

import math
import random
from collections import Counter
from fractions import Fraction

import pytest

from safereport.stats.noise import ErrorMetrics, discrete_laplace, scale_for

N = 20_000


@pytest.fixture(scope="module")
def samples():
    rng = random.Random(20261202)
    return [discrete_laplace(Fraction(2), rng) for _ in range(N)]


def pmf(x: int, b: float) -> float:
    q = math.exp(-1 / b)
    return (1 - q) / (1 + q) * q ** abs(x)


def test_samples_are_integers_centred_on_zero(samples):
    assert all(isinstance(x, int) for x in samples)
    assert abs(sum(samples) / N) < 0.06  # standard error ≈ 0.02


def test_the_variance_is_that_of_scale_two(samples):
    q = math.exp(-1 / 2)
    declared = 2 * q / (1 - q) ** 2  # 7.83
    observed = sum(x * x for x in samples) / N
    assert observed == pytest.approx(declared, rel=0.05)


def test_each_value_comes_as_often_as_the_distribution_says(samples):
    counts = Counter(samples)
    for x in range(-4, 5):
        expected = pmf(x, 2) * N
        assert abs(counts[x] - expected) < 4 * math.sqrt(expected), x
    # A chi-square over -6..6 and the two tails: 14 cells, far below the 0.1 % critical value (36.1).
    cells = list(range(-6, 7))
    tail = (1 - sum(pmf(x, 2) for x in cells)) / 2
    expected = [pmf(x, 2) * N for x in cells] + [tail * N, tail * N]
    observed = [counts[x] for x in cells] + [sum(1 for s in samples if s < -6), sum(1 for s in samples if s > 6)]
    chi2 = sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))
    assert chi2 < 36.1


def test_a_smaller_budget_means_wider_noise():
    rng = random.Random(7)
    wide = [discrete_laplace(scale_for(Fraction(1, 10)), rng) for _ in range(3000)]
    narrow = [discrete_laplace(scale_for(Fraction(2)), rng) for _ in range(3000)]
    assert sum(abs(x) for x in wide) > 10 * sum(abs(x) for x in narrow)


def test_the_published_margin_holds_95_percent_of_the_noise(samples):
    metrics = ErrorMetrics.of(Fraction(2))
    assert metrics.epsilon == 0.5
    within = sum(1 for x in samples if abs(x) <= metrics.margin_95) / N
    just_inside = sum(1 for x in samples if abs(x) <= metrics.margin_95 - 1) / N
    assert within >= 0.945 and just_inside < 0.955
    assert metrics.standard_deviation == pytest.approx(math.sqrt(sum(x * x for x in samples) / N), rel=0.05)


def test_a_fractional_scale_is_sampled_exactly_too():
    rng = random.Random(3)
    values = [discrete_laplace(Fraction(5, 2), rng) for _ in range(5000)]
    q = math.exp(-2 / 5)
    assert sum(x * x for x in values) / 5000 == pytest.approx(2 * q / (1 - q) ** 2, rel=0.1)
    with pytest.raises(ValueError):
        discrete_laplace(Fraction(0), rng)
