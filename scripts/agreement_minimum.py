"""How far Krippendorff's alpha strays when it is measured on few claims.

    .venv/bin/python scripts/agreement_minimum.py

Simulates desks of two reviewers rating claims on the five-step ordinal scale. Each
claim has a true label (True and False more common than the middle); each reviewer
gives it, or with some probability a neighbouring label. For each agreement level
the script measures alpha over 20,000 claims (the desk's "real" alpha), then over
2,000 desks of N claims each, and prints the 5th to 95th percentile of what those
desks would be shown, and how often they would read "low: discuss the scale"
(below 0.667) although the real alpha is well above 0.8. The figures behind the
minimum in docs/WORKFLOW.md ("Agreement") come from this script; the seed is fixed,
so it prints the same table every time.
"""

import warnings

import krippendorff
import numpy as np

SCALE = [1, 2, 3, 4, 5]
LABEL_SHARES = [0.25, 0.15, 0.15, 0.2, 0.25]
DESKS = 2_000
SIZES = (1, 2, 3, 5, 8, 10, 15, 20, 30)


def desk(rng, claims: int, same: float) -> np.ndarray:
    truth = rng.choice(SCALE, size=claims, p=LABEL_SHARES)

    def reviewer():
        neighbour = truth + rng.choice([-1, 1], size=claims)
        return np.clip(np.where(rng.random(claims) < same, truth, neighbour), 1, 5)

    return np.vstack([reviewer(), reviewer()]).astype(float)


def alpha(data: np.ndarray) -> float:
    return krippendorff.alpha(
        reliability_data=data, value_domain=SCALE, level_of_measurement="ordinal"
    )


def main() -> None:
    warnings.filterwarnings("ignore")
    rng = np.random.default_rng(20261206)
    print("| same label | real alpha | claims | 5th-95th percentile shown | read low |")
    print("|---:|---:|---:|---|---:|")
    for same in (0.8, 0.6):
        real = alpha(desk(rng, 20_000, same))
        for claims in SIZES:
            shown = []
            for _ in range(DESKS):
                data = desk(rng, claims, same)
                if len(set(data.ravel())) > 1:  # alpha needs some variation
                    shown.append(alpha(data))
            low, high = np.percentile(shown, [5, 95])
            read_low = np.mean(np.array(shown) < 0.667)
            print(
                f"| {same:.0%} | {real:.3f} | {claims} | {low:.3f} to {high:.3f} "
                f"| {read_low:.0%} |"
            )


if __name__ == "__main__":
    main()
