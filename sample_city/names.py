"""Name vocabularies of the fictional 珠湾区 and a deterministic unique-name drawer."""

from __future__ import annotations

import itertools

import numpy as np


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PROVINCE = "广东省"
CITY = "广州市"
DISTRICT = "珠湾区"
DISTRICT_CODE = "440160"  # in Guangzhou's 4401xx range, not used by a real district
CITY_NAME = "珠湾区示范城区"

#: Two-character place words for roads, streets and compounds (invented or generic).
PLACE = _words(
    "珠湾 滨江 云溪 鹤洲 金沙 凤岗 沙涌 石岗 体育 林和 华港 兴华 南岸 瑞安 "
    "永泰 广福 文德 德政 荔景 桂园 芳村 花城 海印 东湖 西湖 宝岗 同福 昌岗 "
    "江燕 晓港 新港 赤沙 龙潭 棠下 车陂 华景 骏景 翠华 明珠 锦城 银河 长湴 "
    "岑村 柯木 元岗 瘦狗 燕塘 水荫 天寿 五山 石溪 榕树 沥滘 琶洲 聚龙 白鹤 "
    "丰乐 彩虹 光明 建设 解放 中山 人民 和平 健康 南华 洪德 宝华 恩宁 多宝 "
    "逢源 耀华 昌华 泮塘 如意 吉祥 平安 福海 怡乐 康乐 敦和 "
)
#: Words for the names of 社区 (communities).
COMMUNITY = _words(
    "东风 新港 金穗 荔景 翠湖 滨江 江南 晓园 怡安 福宁 华侨 石溪 南园 北苑 "
    "东园 西苑 龙津 凤凰 紫荆 丹桂 锦华 朝阳 向阳 红星 前进 胜利 幸福 和谐 "
    "康宁 永宁 嘉禾 瑞华 "
)
#: Words for 城中村 (urban villages) and their lanes.
VILLAGE = _words(
    "沙岗 谭村 塘下 鹤洲 龙溪 石牌 上社 棠东 冼岗 瑶台 罗冲 新滘 官洲 仑头 "
    "土华 小洲 黄村 车陂 程界 渔沙 杨梅 横沙 沙溪 坑头 大塘 莲塘 凤和 潭村 "
    "江夏 南村 "
)
#: Words for 坊 names of village alleys (吉祥语).
FANG = _words(
    "仁和 福庆 永安 兴隆 德馨 聚贤 长寿 怀德 积善 荣华 宝源 泰来 同乐 善庆 "
    "怡和 安居 世德 崇德 恒吉 联兴 和睦 敦仁 慈善 富贵 "
)
#: First words of compound (小区) names.
ESTATE = _words(
    "锦绣 翠湖 金碧 丽景 雅苑 碧桂 星河 君华 御景 华润 天悦 凯旋 保利 珠江 "
    "汇景 嘉和 逸景 富力 名雅 紫荆 金域 云山 海怡 帝景 丽江 荔港 东方 南国 "
    "万象 尚东 誉峰 朗晴 骏逸 悦澜 翡翠 半岛 映月 春晖 时代 滨海 "
)
ESTATE_SUFFIX = _words(
    "花园 苑 雅居 名苑 华庭 公馆 新城 豪庭 山庄 雅苑 家园 大厦 广场 名都 轩 "
    "府 湾 "
)
#: Old neighbourhoods: work-unit compounds and 新村.
OLD_ESTATE_SUFFIX = _words(
    "新村 大院 小区 宿舍区 新邨 北街小区 南苑 "
)
OLD_ESTATE_PREFIX = _words(
    "纺织厂 造船厂 机械厂 水泥厂 港务局 铁路 邮电 供电局 粮食局 电车公司 "
    "自来水厂 第一棉纺厂 糖厂 化工厂 航运 海运 外贸 市政 教师 卫生局 "
)
#: Commercial and office buildings.
TOWER_PREFIX = _words(
    "珠湾 滨江 环球 国际 国贸 中信 汇丰 南方 粤海 太古 金融 东塔 西塔 天汇 "
    "利通 嘉里 富力 越秀 合景 时代 宏城 星汇 正佳 天利 "
)
TOWER_SUFFIX = _words(
    "国际大厦 中心 广场 金融中心 大厦 商务中心 银行大厦 总部大厦 国际中心 "
)
MALL_SUFFIX = _words(
    "购物中心 百货 商业广场 天地 汇 城 "
)
SCHOOL_KIND = ("小学", "中学", "实验小学", "外国语学校", "第二中学", "中心小学")
HOSPITAL_NAME = ("珠湾区人民医院", "珠湾区中医医院", "珠湾区妇幼保健院", "珠湾区第二人民医院",
                 "广州市第十二人民医院", "珠湾区红十字会医院", "滨江医院", "南方医院珠湾分院")
DIRECTIONS = ("东", "西", "南", "北", "中")
CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十二, 二十三)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def unique_names(rng: np.random.Generator, n: int, *parts: tuple[str, ...] | list[str],
                 taken: set[str] | None = None, suffix_fmt: str = "{name}{k}") -> list[str]:
    """n distinct names joined from one word of each part, in a seeded random order.

    When the combinations run out, ordinal variants ("…二期", by ``suffix_fmt``) follow. Names in
    ``taken`` are skipped and the new ones are added to it.
    """
    taken = set() if taken is None else taken
    combos = ["".join(c) for c in itertools.product(*parts)]
    order = rng.permutation(len(combos))
    out: list[str] = []
    for i in order:
        if len(out) == n:
            break
        name = combos[i]
        if name not in taken:
            taken.add(name)
            out.append(name)
    k = 2
    while len(out) < n:
        for i in order:
            if len(out) == n:
                break
            name = suffix_fmt.format(name=combos[i], k=cn_number(k) if k < 100 else k)
            if name not in taken:
                taken.add(name)
                out.append(name)
        k += 1
    return out
