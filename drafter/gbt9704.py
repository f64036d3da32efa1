"""GB/T 9704-2012《党政机关公文格式》: the page and type ``drafter new`` writes and the ``format`` rule checks."""

PAGE_MM = (210, 297)  # A4: width, height
MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left, right
LINES_PER_PAGE = 22

# (font, size in points)
TITLE = ("方正小标宋简体", 22)  # 2号
BODY = ("仿宋_GB2312", 16)  # 3号
HEADINGS = (("黑体", 16), ("楷体_GB2312", 16), ("仿宋_GB2312", 16), ("仿宋_GB2312", 16))  # 一、 （一） 1. （1）
PAGE_NUMBER = ("宋体", 14)  # 4号, “— 1 —”

SIZE_NAMES = {22: "二号", 16: "三号", 14: "四号", 12: "小四", 10.5: "五号"}

# a font family by the word its names share, and the names it goes by in Word's font lists
FAMILIES = {
    "仿宋": ("仿宋", "FangSong"),
    "黑体": ("黑体", "SimHei"),
    "楷体": ("楷体", "KaiTi"),
    "小标宋": ("小标宋", "XiaoBiaoSong", "FZXBSJW"),
    "宋体": ("宋体", "SimSun"),
}


def family(font: str) -> str:
    """The family a font name belongs to (仿宋_GB2312 → 仿宋)."""
    return next(word for word in FAMILIES if word in font)
