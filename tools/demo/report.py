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
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = f"BC thang {month}"
    bold = Font(name="Times New Roman", bold=True, size=12)
    normal = Font(name="Times New Roman", size=12)
    italic = Font(name="Times New Roman", italic=True, size=12)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def put(ref: str, value: object, font: Font = normal, align: Alignment | None = None) -> None:
        c = ws[ref]
        c.value = value
        c.font = font
        if align is not None:
            c.alignment = align

    put("A1", "UBND TỈNH BÌNH DƯƠNG", bold, center)
    ws.merge_cells("A1:C1")
    put("E1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, center)
    ws.merge_cells("E1:I1")
    put("A2", dept_name.upper(), bold, center)
    ws.merge_cells("A2:C2")
    put("E2", "Độc lập - Tự do - Hạnh phúc", bold, center)
    ws.merge_cells("E2:I2")
    put("B4", f"BÁO CÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI THÁNG {month} NĂM {year}", bold, center)
    ws.merge_cells("B4:H4")
    put("B5", f"(Kèm theo Báo cáo số {report_no}/BC-{dept_code} ngày {day}/{month}/{year})", italic, center)
    ws.merge_cells("B5:H5")
    if with_area:
        put("A6", "Địa bàn: Tỉnh Bình Dương", italic)
    h = 8
    heads = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        f"Kế hoạch năm {year}",
        f"Ước thực hiện tháng {month}/{year}",
        f"Lũy kế {month} tháng năm {year}",
        f"Cùng kỳ năm {year - 1}",
        "So sánh (%)",
    ]
    for j, text in enumerate(heads):
        col = "ABCDEFGHI"[j]
        put(f"{col}{h}", text, bold, center)
        ws[f"{col}{h}"].border = box
        if j < 7:
            ws.merge_cells(f"{col}{h}:{col}{h + 1}")
    ws.merge_cells(f"H{h}:I{h}")
    put(f"H{h + 1}", "So với KH", bold, center)
    put(f"I{h + 1}", "So với CK", bold, center)
    for j, text in enumerate(["A", "B", "C", "1", "2", "3", "4", "5=3/1", "6=3/4"]):
        col = "ABCDEFGHI"[j]
        put(f"{col}{h + 2}", text, italic, center)
        ws[f"{col}{h + 2}"].border = box
        ws[f"{col}{h + 1}"].border = box
    r = h + 3
    for line in lines:
        if line.section:
            put(f"A{r}", line.stt, bold, center)
            put(f"B{r}", line.name, bold)
        else:
            put(f"A{r}", line.stt, normal, center)
            put(f"B{r}", line.name, normal)
            put(f"C{r}", line.unit, normal, center)
            for j, v in enumerate(line.cells):
                c = ws.cell(row=r, column=4 + j, value=v)
                c.font = normal
                c.alignment = Alignment(horizontal="right")
        for j in range(9):
            ws.cell(row=r, column=1 + j).border = box
        r += 1
    r += 1
    put(f"B{r}", "Người lập biểu", bold, center)
    put(f"E{r}", "THỦ TRƯỞNG ĐƠN VỊ", bold, center)
    ws.merge_cells(f"E{r}:H{r}")
    put(f"E{r + 1}", "(Ký, ghi rõ họ tên, đóng dấu)", italic, center)
    ws.merge_cells(f"E{r + 1}:H{r + 1}")
    put(f"B{r + 5}", preparer, bold, center)
    put(f"E{r + 5}", signer, bold, center)
    ws.merge_cells(f"E{r + 5}:H{r + 5}")
    put(f"A{r + 7}", "Nơi nhận:", Font(name="Times New Roman", bold=True, italic=True, size=11))
    put(f"A{r + 8}", "- UBND tỉnh;", Font(name="Times New Roman", size=11))
    put(f"A{r + 9}", "- Cục Thống kê tỉnh;", Font(name="Times New Roman", size=11))
    put(f"A{r + 10}", "- Lưu: VT.", Font(name="Times New Roman", size=11))
    for col, width in zip("ABCDEFGHI", (6, 52, 12, 14, 16, 16, 14, 11, 11), strict=True):
        ws.column_dimensions[col].width = width
    ws.row_dimensions[h].height = 45
    when = dt.datetime(year, month, min(day, 28), 9, 0, 0)
    return save_workbook(wb, when, preparer)
