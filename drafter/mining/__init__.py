"""Mining a corpus of reports into a style profile, and reading profiles.

``load_profile`` and ``hints_for`` need neither numpy nor jieba; ``mine`` loads both.
"""

from drafter.mining.profile import BUNDLED, Phrase, Profile, hints_for, load_profile


def mine(paths, jobs: int = 1, progress: bool = False) -> Profile:
    """Mine the reports under ``paths`` (files and folders) into a profile."""
    from drafter.mining.miner import mine as _mine

    return _mine(paths, jobs=jobs, progress=progress)


__all__ = ["BUNDLED", "Phrase", "Profile", "hints_for", "load_profile", "mine"]
