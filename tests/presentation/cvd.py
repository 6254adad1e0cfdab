"""Colour-vision-deficiency simulation for tests: Machado, Oliveira & Fernandes (2009), severity 1.0, and CIELAB."""

from __future__ import annotations

import itertools

import numpy as np

# Machado et al. (2009), "A physiologically-based model for simulation of color vision deficiency", severity 1.0.
MACHADO = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}


def hex_rgb(colour: str) -> np.ndarray:
    h = colour.lstrip("#")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255


def over_white(rgb: np.ndarray, alpha: float) -> np.ndarray:
    return alpha * rgb + (1 - alpha) * np.ones(3)


def _linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _gamma(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0, 1)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(rgb: np.ndarray, kind: str) -> np.ndarray:
    """An sRGB colour (0-1) as seen with ``kind`` ("normal" leaves it), applied in linear RGB."""
    if kind == "normal":
        return rgb
    return _gamma(MACHADO[kind] @ _linear(rgb))


def lab(rgb: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ _linear(rgb) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def min_distance(colours: list[str], alpha: float = 1.0) -> dict[str, float]:
    """The smallest CIE76 ΔE between any two of ``colours`` (drawn at ``alpha`` on white), per kind of vision."""
    out = {}
    for kind in ("normal", "protanopia", "deuteranopia", "tritanopia"):
        seen = [lab(simulate(over_white(hex_rgb(c), alpha), kind)) for c in colours]
        out[kind] = min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(seen, 2))
    return out
