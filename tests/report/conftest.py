import pytest

from newsprism.models import Analysis
from newsprism.report import build_report


@pytest.fixture
def report(small_analysis: Analysis) -> dict:
    """The JSON report of the hand-made analysis that every report test renders."""
    return build_report(small_analysis)
