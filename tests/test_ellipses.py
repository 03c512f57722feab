"""The ellipse drawn for a kernel is its level set, with semi-axes along the eigenvectors."""
import numpy as np

from scenes.ellipses import default_level, ellipse_points


def test_points_satisfy_the_quadratic_form():
    rng = np.random.default_rng(0)
    for _ in range(20):
        a = rng.normal(size=(2, 2))
        ntk = a @ a.T + 0.1 * np.eye(2)
        center, level = rng.normal(size=2), rng.uniform(0.1, 10)
        p = ellipse_points(ntk, center, level) - center
        np.testing.assert_allclose(np.einsum("ni,ij,nj->n", p, ntk, p), level, rtol=1e-6)


def test_semi_axes_are_inverse_sqrt_eigenvalues():
    ntk = np.diag([4.0, 1.0])
    p = ellipse_points(ntk, np.zeros(2), 1.0, n=401)
    assert np.isclose(np.abs(p[:, 0]).max(), 0.5) and np.isclose(np.abs(p[:, 1]).max(), 1.0)


def test_default_level_gives_the_median_net_a_readable_ellipse():
    ntk0 = np.stack([np.diag([9.0, 1.0]), np.diag([9.0, 4.0]), np.diag([9.0, 16.0])])
    y_bar = np.array([3.0, -1.0])
    level = default_level(ntk0, y_bar)
    assert np.isclose(np.sqrt(level / 4.0), 0.45 * np.linalg.norm(y_bar))


def test_ellipses_are_redrawn_only_when_they_move_a_pixel():
    """Sub-pixel kernel jitter keeps the drawn ellipse; a real change redraws it, deterministically."""
    from ntkanim.render.mpl import FrameStream
    from scenes.ellipses import EllipsesMovie

    t, ntk0 = 12, np.array([[2.0, 0.5], [0.5, 1.0]])
    ntk = np.repeat(ntk0[None, None], t, axis=1)
    ntk[0, 1:6] *= 1 + 1e-6 * np.arange(1, 6)[:, None, None]  # jitter far below a pixel
    ntk[0, 6:] *= 1.5  # a visible change at frame 6
    record = {"y": np.zeros((1, t, 2)), "ntk": ntk, "y_data": np.array([3.0, -1.0]),
              "alpha": np.array([1.0]), "step": np.arange(t), "x_data": np.array([-2.0, 0.5])}
    movie = EllipsesMovie(record, {})
    stream = FrameStream(movie, (320, 240))
    stream.frame(0)
    np.testing.assert_array_equal(movie.keyframes[0], [0] * 6 + [6] * 6)
