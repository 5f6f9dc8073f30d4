"""De-identification: keyed hashes, masked free text."""

from __future__ import annotations

from riskmodel.feeds.deid import Pseudonymizer, mask_text

KEY = bytes(range(32))


def test_the_same_person_gets_the_same_pseudonym_whatever_the_formatting():
    p = Pseudonymizer(KEY)
    assert p.hash("phone", "138-1234-5678") == p.hash("phone", "+86 13812345678")
    assert p.hash("id", "32010219800101123x") == p.hash("id", "32010219800101123X")
    assert p.hash("phone", "13812345678") != p.hash("name", "13812345678")


def test_pseudonyms_depend_on_the_key():
    assert Pseudonymizer(KEY).hash("name", "张三") != Pseudonymizer(bytes(32 * [7])).hash("name", "张三")


def test_phone_and_id_patterns_and_the_own_name_are_masked_in_free_text():
    text = "张三丰反映噪音，电话13812345678，座机025-83001234，身份证320102198001011234，门牌12号"
    masked = mask_text(text, "张三丰")
    assert "13812345678" not in masked and "83001234" not in masked and "320102198001011234" not in masked
    assert "张三丰" not in masked and masked.startswith("张某")
    assert "12号" in masked  # ordinary numbers stay
