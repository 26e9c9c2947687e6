"""Test helpers of the engine tests: generated sites, a recording network."""
