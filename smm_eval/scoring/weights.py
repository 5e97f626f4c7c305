"""Scoring weights: a role's (or the framework's default) block and competency weights and targets.

`weights_for` resolves them once into arrays aligned with the framework's competency order, so that
every score is a matrix product with these arrays. The weights of an empty block are dropped and
the rest re-normalised (docs/scoring.md, "Weights").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smm_eval.framework import Framework, RoleProfile


@dataclass(frozen=True)
class Weights:
    """Weights and targets aligned with the framework's competency order.

    C is the number of competencies, B the number of blocks.
    """

    competency_ids: tuple[str, ...]
    block_ids: tuple[str, ...]
    block_index: np.ndarray  # (C,) index of each competency's block
    block_weight: np.ndarray  # (B,) shares summing to 1
    within_block: np.ndarray  # (C,) share of the competency inside its block (0 where block weighs 0)
    target: np.ndarray | None  # (C,) target levels 0..4, or None without a role

    @property
    def effective(self) -> np.ndarray:
        """(C,) effective weight of each competency in the overall score; sums to 1."""
        return self.block_weight[self.block_index] * self.within_block

    @property
    def block_matrix(self) -> np.ndarray:
        """(C, B) weight of each competency inside each block score."""
        matrix = np.zeros((len(self.competency_ids), len(self.block_ids)))
        matrix[np.arange(len(self.competency_ids)), self.block_index] = self.within_block
        return matrix

    def role_target(self) -> np.ndarray:
        """(C,) the target levels; raises ValueError for weights without a role."""
        if self.target is None:
            raise ValueError("these weights have no target (no role)")
        return self.target


def weights_for(framework: Framework, role: RoleProfile | None = None) -> Weights:
    """Resolve the weights of a role (or the framework's defaults when `role` is None).

    Parameters
    ----------
    framework : Framework
        Gives the competency and block order and the default weights.
    role : RoleProfile or None
        The role's block weights, competency weights and targets; None for the defaults (no target).

    Returns
    -------
    Weights
        Arrays of shape (C,) or (B,), block weights summing to 1. Within a block, a competency's
        share is its weight over the block's total; a block whose competencies all weigh zero
        carries no weight.

    Examples
    --------
    >>> from smm_eval.framework import load_framework
    >>> w = weights_for(load_framework())
    >>> round(float(w.effective.sum()), 9), w.target is None
    (1.0, True)
    """
    comp_ids = tuple(framework.competency_ids)
    block_ids = tuple(framework.block_ids)
    block_of = framework.block_of
    block_index = np.array([block_ids.index(block_of[c]) for c in comp_ids])
    target: np.ndarray | None
    if role is None:
        raw_block = np.array([framework.block(b).weight for b in block_ids], dtype=float)
        raw_comp = np.array([framework.competencies[c].weight for c in comp_ids], dtype=float)
        target = None
    else:
        raw_block = np.array([role.block_weights[b] for b in block_ids], dtype=float)
        raw_comp = np.array([role.competency_weights[c] for c in comp_ids], dtype=float)
        target = np.array([role.targets[c] for c in comp_ids], dtype=float)
    block_total = np.bincount(block_index, weights=raw_comp, minlength=len(block_ids))
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(block_total[block_index] > 0, raw_comp / block_total[block_index], 0.0)
    # A block whose competencies all weigh zero cannot carry weight.
    raw_block = np.where(block_total > 0, raw_block, 0.0)
    return Weights(comp_ids, block_ids, block_index, raw_block / raw_block.sum(), within, target)
