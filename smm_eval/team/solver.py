"""The HiGHS call of the training plan: scipy's `milp` with the options the plan's first solve uses.

Owns FIRST_SOLVE_OPTIONS and how options that scipy does not name reach HiGHS (`milp`). Imports
SciPy only when called (it loads slowly).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from scipy.optimize import OptimizeResult

# HiGHS options of the plan's first (gap-maximising) solve: its primal heuristics off. On 50 people x
# 100 trainings they spent most of the solve in nested sub-MIPs (RINS/RENS, up to 4 of 5 s) for a
# plan that branch and bound finds anyway; without them the same optimum is proven about twice as
# fast (benchmarks/notes.md). A design choice measured on the benchmark's instances; the optimum and
# its proof (HiGHS's default relative gap, 1e-4) are unchanged.
FIRST_SOLVE_OPTIONS: dict[str, float | bool] = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
}


def milp(objective: np.ndarray, options: dict[str, float | bool], **model: object) -> OptimizeResult:
    """scipy.optimize.milp with HiGHS options, including those scipy does not name itself.

    scipy passes such options to HiGHS verbatim with a RuntimeWarning; a HiGHS that does not know
    one warns (OptimizeWarning) and keeps its default; both warnings are silenced. A binding that
    lacks one raises AttributeError: the solve then runs again with only `time_limit`.

    Parameters
    ----------
    objective : numpy.ndarray
        (n,) costs to minimise.
    options : dict
        HiGHS options (`time_limit` in seconds).
    **model
        `constraints`, `integrality` and `bounds`, as scipy.optimize.milp takes them.

    Returns
    -------
    scipy.optimize.OptimizeResult
        As scipy.optimize.milp returns it (`x` None when no solution was found).
    """
    from scipy.optimize import milp as scipy_milp

    known = {k: v for k, v in options.items() if k == "time_limit"}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unrecognized options detected")
        try:
            return scipy_milp(objective, options=options, **model)
        except AttributeError:  # a HiGHS build without one of these options: its defaults, same optimum
            return scipy_milp(objective, options=known, **model)
