"""Facts the engine reasons over and student profiles validated against the vocabulary."""
