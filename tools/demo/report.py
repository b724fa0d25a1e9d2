"""Format B: the monthly report workbook a department fills in by hand (báo cáo tháng), laid out like
the spec's example: national header, title, merged two-row column header, column-number row,
section rows, 'Trong đó' sub-rows, derived comparison columns and a signature block."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tools.demo.formats import save_workbook

SIGNERS = (
    "Nguyễn Văn Hùng",
    "Trần Thị Mai",
    "Lê Minh Tuấn",
    "Phạm Thị Hồng",
    "Võ Thanh Sơn",
    "Huỳnh Thị Lan",
    "Đặng Quốc Bảo",
    "Bùi Thị Ngọc",
)


@dataclass
class Line:
    stt: object
    name: str
    unit: str = ""
    cells: list[object] = field(default_factory=list)  # plan, estimate, ytd, same period, %plan, %same
    section: bool = False


#: The cell styles of the form: (font: bold | italic | normal | note | note_bold, centred, right-aligned, boxed).
_STYLES = {
    "title": ("bold", "center", False),
    "title_box": ("bold", "center", True),
    "italic": ("italic", None, False),
    "italic_center": ("italic", "center", False),
    "italic_box": ("italic", "center", True),
    "text": ("normal", None, False),
    "text_box": ("normal", None, True),
    "text_center_box": ("normal", "center", True),
    "bold_box": ("bold", None, True),
    "number_box": ("normal", "right", True),
    "box": (None, None, True),
    "note": ("note", None, False),
    "note_bold": ("note_bold", None, False),
}


def _named_styles(wb) -> None:
    """Register the form's cell styles once per workbook: a cell then takes one style by name, which costs
    far less than setting its font, alignment and border one by one."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    fonts = {
        "bold": Font(name="Times New Roman", bold=True, size=12),
        "italic": Font(name="Times New Roman", italic=True, size=12),
        "normal": Font(name="Times New Roman", size=12),
        "note": Font(name="Times New Roman", size=11),
        "note_bold": Font(name="Times New Roman", bold=True, italic=True, size=11),
    }
    aligns = {
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "right": Alignment(horizontal="right"),
    }
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for name, (font, align, boxed) in _STYLES.items():
        st = NamedStyle(name=name)
        if font:
            st.font = fonts[font]
        if align:
            st.alignment = aligns[align]
        if boxed:
            st.border = box
        wb.add_named_style(st)


def write_report(
    dept_code: str,
    dept_name: str,
    year: int,
    month: int,
    lines: list[Line],
    report_no: int,
    day: int,
    with_area: bool,
    signer: str,
    preparer: str,
) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = f"BC thang {month}"
    _named_styles(wb)

    def put(ref: str, value: object, style: str = "text") -> None:
        c = ws[ref]
        c.value = value
        c.style = style

    def merged(cells: str, value: object, style: str, edges: str = "") -> None:
        """Merge first, then style: openpyxl spreads a styled first cell's borders over the range cell by cell,
        which costs more than giving the boxed edge cells their style by name."""
        ws.merge_cells(cells)
        put(cells.split(":")[0], value, style)
        if edges:
            ws[cells.split(":")[1]].style = edges

    merged("A1:C1", "UBND TỈNH BÌNH DƯƠNG", "title")
    merged("E1:I1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "title")
    merged("A2:C2", dept_name.upper(), "title")
    merged("E2:I2", "Độc lập - Tự do - Hạnh phúc", "title")
    merged("B4:H4", f"BÁO CÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI THÁNG {month} NĂM {year}", "title")
    merged("B5:H5", f"(Kèm theo Báo cáo số {report_no}/BC-{dept_code} ngày {day}/{month}/{year})", "italic_center")
    if with_area:
        put("A6", "Địa bàn: Tỉnh Bình Dương", "italic")
    h = 8
    heads = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        f"Kế hoạch năm {year}",
        f"Ước thực hiện tháng {month}/{year}",
        f"Lũy kế {month} tháng năm {year}",
        f"Cùng kỳ năm {year - 1}",
    ]
    for j, text in enumerate(heads):
        col = "ABCDEFGHI"[j]
        merged(f"{col}{h}:{col}{h + 1}", text, "title_box", edges="box")
    merged(f"H{h}:I{h}", "So sánh (%)", "title_box", edges="box")
    put(f"H{h + 1}", "So với KH", "title_box")
    put(f"I{h + 1}", "So với CK", "title_box")
    for j, text in enumerate(["A", "B", "C", "1", "2", "3", "4", "5=3/1", "6=3/4"]):
        put(f"{'ABCDEFGHI'[j]}{h + 2}", text, "italic_box")
    r = h + 3
    for line in lines:
        if line.section:
            put(f"A{r}", line.stt, "title_box")
            put(f"B{r}", line.name, "bold_box")
            for j in range(2, 9):
                ws.cell(row=r, column=1 + j).style = "box"
        else:
            put(f"A{r}", line.stt, "text_center_box")
            put(f"B{r}", line.name, "text_box")
            put(f"C{r}", line.unit, "text_center_box")
            for j, v in enumerate(line.cells):
                c = ws.cell(row=r, column=4 + j, value=v)
                c.style = "number_box"
        r += 1
    r += 1
    put(f"B{r}", "Người lập biểu", "title")
    merged(f"E{r}:H{r}", "THỦ TRƯỞNG ĐƠN VỊ", "title")
    merged(f"E{r + 1}:H{r + 1}", "(Ký, ghi rõ họ tên, đóng dấu)", "italic_center")
    put(f"B{r + 5}", preparer, "title")
    merged(f"E{r + 5}:H{r + 5}", signer, "title")
    put(f"A{r + 7}", "Nơi nhận:", "note_bold")
    put(f"A{r + 8}", "- UBND tỉnh;", "note")
    put(f"A{r + 9}", "- Cục Thống kê tỉnh;", "note")
    put(f"A{r + 10}", "- Lưu: VT.", "note")
    for col, width in zip("ABCDEFGHI", (6, 52, 12, 14, 16, 16, 14, 11, 11), strict=True):
        ws.column_dimensions[col].width = width
    ws.row_dimensions[h].height = 45
    when = dt.datetime(year, month, min(day, 28), 9, 0, 0)
    return save_workbook(wb, when, preparer)
