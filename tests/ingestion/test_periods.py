import pytest

from ingestion.periods import parse_period, period_bounds


@pytest.mark.parametrize(
    "label, code, ytd",
    [
        ("Tháng 5/2022", "2022-05", False),
        ("Tháng 05 năm 2022", "2022-05", False),
        ("T5/2022", "2022-05", False),
        ("05/2022", "2022-05", False),
        ("2022-05", "2022-05", False),
        ("5-2022", "2022-05", False),
        ("THANG 5 / 2022", "2022-05", False),
        ("Quý I/2022", "2022-Q1", False),
        ("Quý 1 năm 2022", "2022-Q1", False),
        ("Q1/2022", "2022-Q1", False),
        ("2022-Q1", "2022-Q1", False),
        ("quý IV/2021", "2021-Q4", False),
        ("6 tháng đầu năm 2022", "2022-S1", False),
        ("6 tháng cuối năm 2022", "2022-S2", False),
        ("2022-S1", "2022-S1", False),
        ("Năm 2022", "2022", False),
        ("2022", "2022", False),
        ("Lũy kế 5 tháng năm 2022", "2022-05", True),
        ("Luỹ kế 5 tháng năm 2022", "2022-05", True),
        ("5 tháng năm 2022", "2022-05", True),
        ("5 tháng đầu năm 2022", "2022-05", True),
    ],
)
def test_every_label_of_the_spec(label, code, ytd):
    p = parse_period(label)
    assert p is not None, label
    assert (p.code, p.ytd) == (code, ytd)


@pytest.mark.parametrize("label", ["Tháng 13/2022", "Quý V/2022", "58.16", "", "năm ngoái", "2022-Q5"])
def test_labels_that_are_not_periods(label):
    assert parse_period(label) is None


def test_bounds():
    assert [str(d) for d in period_bounds("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert [str(d) for d in period_bounds("2022-Q3")] == ["2022-07-01", "2022-09-30"]
    assert [str(d) for d in period_bounds("2022-S2")] == ["2022-07-01", "2022-12-31"]
