"""The PDF report: text extracts (Chinese title, level), every font embedded, renders without system fonts."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from riskmodel.reports.charts import all_charts
from riskmodel.reports.pdf import render_pdf


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(data: bytes) -> dict[str, dict]:
    fonts: dict[str, dict] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for ref in (resources.get_object().get("/Font") or {}).values():
            font = ref.get_object()
            fonts[str(font.get("/BaseFont"))] = font
    return fonts


def _embedded(font) -> bool:
    targets = [font]
    for d in font.get("/DescendantFonts") or []:
        targets.append(d.get_object())
    for f in targets:
        desc = f.get("/FontDescriptor")
        if desc is not None and any(k in desc.get_object() for k in ("/FontFile2", "/FontFile", "/FontFile3")):
            return True
    return False


def test_text_extracts_with_chinese_title_and_level(score_pdf, score_ctx):
    text = re.sub(r"\s", "", _text(score_pdf))
    assert "城东垃圾焚烧发电项目社会稳定风险评估报告" in text
    level = {"低": "低风险", "中": "中风险", "高": "高风险"}[score_ctx.result.level]
    assert f"落实措施前的风险等级为{level}" in text
    for heading in ("一、基本情况", "二、评估内容", "三、评估结论", "防范化解措施汇总表", "主要风险因素及其风险程度表"):
        assert heading in text
    assert "第1页/共" in text  # page numbers


def test_every_font_is_an_embedded_truetype(score_pdf):
    fonts = _fonts(score_pdf)
    assert any("DroidSansFallback" in name for name in fonts)
    for name, font in fonts.items():
        assert font.get("/Subtype") in ("/TrueType", "/Type0"), name
        assert _embedded(font), f"{name} is not embedded"
        desc = font.get("/FontDescriptor").get_object()
        assert "/FontFile2" in desc, name  # TrueType program embedded
    assert not any("STSong" in n or "Helvetica" in n for n in fonts)


def test_metadata_and_pages(score_pdf, score_ctx):
    reader = PdfReader(io.BytesIO(score_pdf))
    assert reader.metadata.title == score_ctx.title
    assert len(reader.pages) >= 5


def test_english_pdf(score_ctx):
    ctx = score_ctx.with_lang("en")
    text = _text(render_pdf(ctx, all_charts(ctx)))
    assert "Social Stability Risk Assessment Report" in text
    assert "Basic information" in text and "Conclusions" in text
    assert "Page1of" in re.sub(r"\s", "", text)


def test_probability_impact_pdf_builds(pi_ctx):
    text = re.sub(r"\s", "", _text(render_pdf(pi_ctx, {})))
    assert "某区旧城改造征收项目社会稳定风险评估报告" in text
    assert "合法性、合理性、可行性、可控性结论" in text


def test_control_characters_and_markup_in_user_text_do_not_break_the_pdf(score_ctx):
    ctx = score_ctx.with_lang("zh")
    ctx.project = {**ctx.project, "description": "<b>未闭合 & 特殊字符 \x07 </font> 说明"}
    text = _text(render_pdf(ctx, {}))
    assert "未闭合" in text


def _pdftoppm_or_skip() -> str:
    exe = shutil.which("pdftoppm")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip("pdftoppm not installed")
    return exe


def test_renders_with_no_system_fonts(score_pdf, tmp_path):
    """pdftoppm with an empty fontconfig: the embedded fonts alone must carry the Chinese text."""
    exe = _pdftoppm_or_skip()
    from PIL import Image

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(score_pdf)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{tmp_path / 'nofonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    proc = subprocess.run(
        [exe, "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "font" not in proc.stderr.lower(), proc.stderr  # no missing or substituted fonts
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    for png in pages:
        img = Image.open(png).convert("L")
        dark = sum(img.histogram()[:128])
        assert dark > 500, f"{png.name} looks blank"
