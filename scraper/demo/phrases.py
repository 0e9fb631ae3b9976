"""A small bank of our own Vietnamese phrases, combined into demo titles, sapos and paragraphs.

Written for the demo site only (no sentence is taken from any real article). The places are
invented (``xã Tân Lộc``, ``phường Hòa Bình Đông``), the people are bare given names.
"""

from __future__ import annotations

import random
import unicodedata

SECTIONS = {
    "thoi-su": "Thời sự",
    "kinh-te": "Kinh tế",
    "xa-hoi": "Xã hội",
    "van-hoa": "Văn hóa",
}

PLACES = (
    "xã Tân Lộc", "phường Hòa Bình Đông", "xã Suối Mây", "thị trấn Bến Gỗ", "xã Đồng Xanh",
    "phường Cầu Đá", "xã Phú Thạnh Tây", "xã Lũng Vân", "phường Bãi Cháy Mới", "xã An Lạc Thượng",
)
SUBJECTS = (
    "Nông dân", "Hội Phụ nữ", "Đoàn thanh niên", "Trường tiểu học", "Hợp tác xã chè",
    "Trạm y tế", "Ban quản lý chợ", "Câu lạc bộ dưỡng sinh", "Đội văn nghệ", "Người dân",
)
ACTIONS = (
    "ra quân dọn dẹp", "khánh thành", "tổ chức hội thi", "mở lớp tập huấn về", "trao tặng",
    "hoàn thành", "khởi công", "tổng kết mùa vụ", "phát động phong trào", "đón nhận",
)
OBJECTS = (
    "con đường hoa ven sông", "nhà văn hóa thôn", "giống lúa chịu hạn", "mô hình nuôi ong",
    "sân bóng cho thiếu nhi", "tủ sách cộng đồng", "bếp ăn bán trú", "cầu dân sinh",
    "vườn cây ăn quả", "chợ phiên cuối tuần",
)
OPENINGS = (
    "Sáng nay, tại {place}, {subject_lower} đã {action} {object}.",
    "Trong tuần qua, {subject_lower} ở {place} {action} {object} với sự tham gia của đông đảo bà con.",
    "Chiều qua, {place} rộn ràng khi {subject_lower} {action} {object}.",
)
MIDDLES = (
    "Theo ông Tư, trưởng thôn, công việc được chuẩn bị từ đầu tháng và nhận được nhiều ý kiến đóng góp.",
    "Kinh phí thực hiện do người dân tự nguyện góp cùng một phần hỗ trợ của địa phương.",
    "Nhiều hộ gia đình cho biết họ mong có thêm những hoạt động thiết thực như vậy.",
    "Các em học sinh cũng tham gia nhiệt tình, mang theo chổi, bao tay và cây giống.",
    "Cán bộ xã thường xuyên có mặt để hướng dẫn và ghi nhận khó khăn của bà con.",
    "Sau buổi làm việc, mọi người cùng nhau trồng thêm hàng cây xanh dọc lối đi.",
    "Đây là lần thứ ba trong năm địa phương tổ chức hoạt động này.",
    "Một số hộ còn khó khăn được hỗ trợ thêm vật liệu và ngày công.",
    "Chị Mai, một người dân trong xóm, kể rằng trước đây con đường này thường lầy lội mỗi khi mưa.",
    "Ban tổ chức đã chia thành nhiều nhóm nhỏ để công việc được tiến hành nhanh gọn.",
    "Những người lớn tuổi trong thôn cũng góp công sức và kinh nghiệm của mình.",
    "Buổi chiều, các đội thi đấu giao hữu trong không khí vui tươi, phấn khởi.",
)
CLOSINGS = (
    "Thời gian tới, địa phương sẽ nhân rộng cách làm này ra các thôn lân cận.",
    "Bà con hy vọng công trình sẽ sớm phát huy hiệu quả trong đời sống hằng ngày.",
    "Hoạt động dự kiến được duy trì đều đặn vào mỗi quý.",
)
SAPOS = (
    "{subject} tại {place} vừa {action} {object}, góp phần làm đẹp diện mạo quê hương.",
    "Với cách làm sáng tạo, {subject_lower} ở {place} đã {action} {object} trước kế hoạch.",
    "Hoạt động {action} {object} tại {place} thu hút nhiều người tham gia.",
)
AUTHORS = ("Minh Châu", "Thu Hà", "Văn Đức", "Ngọc Lan", "Quốc Bảo", "Hải Yến", "Đức Anh", "Phương Thảo")


def ascii_slug(text: str) -> str:
    """``Nông dân khánh thành cầu`` → ``nong-dan-khanh-thanh-cau`` (tone marks and đ folded)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)


def compose(rng: random.Random) -> dict[str, object]:
    """One article's words: title, sapo, paragraphs, author and section key."""
    parts = {
        "place": rng.choice(PLACES),
        "subject": rng.choice(SUBJECTS),
        "action": rng.choice(ACTIONS),
        "object": rng.choice(OBJECTS),
    }
    parts["subject_lower"] = parts["subject"][0].lower() + parts["subject"][1:]
    title = f"{parts['subject']} {parts['place']} {parts['action']} {parts['object']}"
    n_paragraphs = rng.randint(5, 7)  # two sentences each: 600+ characters, like a short news item
    sentences = [rng.choice(OPENINGS).format(**parts), *rng.sample(MIDDLES, k=2 * n_paragraphs - 2),
                 rng.choice(CLOSINGS)]
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    return {
        "title": title,
        "sapo": rng.choice(SAPOS).format(**parts),
        "paragraphs": paragraphs,
        "author": rng.choice(AUTHORS),
        "section": rng.choice(sorted(SECTIONS)),
    }
