"""ntkanim: movies of neural-network training dynamics (the neural tangent kernel post, animated).

The engine (models, kernels, training, records) needs only torch and numpy; drawing lives in
``ntkanim.render`` and the scene modules, which ``import ntkanim`` does not load.
"""
__version__ = "0.1.0"
