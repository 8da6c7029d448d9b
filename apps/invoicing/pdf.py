"""The PDF of an invoice or credit note, drawn with ReportLab's platypus (flowing tables)."""

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


@dataclass(frozen=True)
class DocumentContent:
    """What a document says, in words and figures already formatted."""

    title: str  # "Invoice" or "Credit note"
    number: str
    issued_on: str
    order_number: str
    seller: list  # lines of the seller's block
    buyer: list  # lines of the buyer's block
    lines: list  # [(description, quantity, unit price, amount)]
    totals: list  # [(label, amount)], the last one is the grand total
    note: str = ""


def _block(heading, lines, style):
    return Paragraph(f"<b>{heading}</b><br/>" + "<br/>".join(lines), style)


def render(content):
    """PDF bytes of `content`."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{content.title} {content.number}",
        author=content.seller[0],
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    parties = Table(
        [[_block("Seller", content.seller, styles["Normal"]), _block("Bill to", content.buyer, styles["Normal"])]],
        colWidths=[87 * mm, 87 * mm],
    )
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    lines = Table(
        [["Description", "Qty", "Unit price", "Amount"], *content.lines],
        colWidths=[100 * mm, 16 * mm, 29 * mm, 29 * mm],
        repeatRows=1,
    )
    lines.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    totals = Table([["", label, amount] for label, amount in content.totals], colWidths=[100 * mm, 45 * mm, 29 * mm])
    totals.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (1, -1), (-1, -1), "Helvetica-Bold"),
                ("LINEABOVE", (1, -1), (-1, -1), 0.8, colors.black),
            ]
        )
    )
    story = [
        Paragraph(f"{content.title} {content.number}", styles["Title"]),
        Paragraph(f"Issued {content.issued_on} · Order {content.order_number}", styles["Normal"]),
        Spacer(0, 8 * mm),
        parties,
        Spacer(0, 8 * mm),
        lines,
        Spacer(0, 4 * mm),
        totals,
    ]
    if content.note:
        story += [Spacer(0, 8 * mm), Paragraph(content.note, styles["Italic"])]
    document.build(story)
    return buffer.getvalue()
