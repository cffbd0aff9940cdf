"""The Chinese words users see for stored codes, in one place for lists, dialogs, prints and exports."""

from __future__ import annotations

from branchdesk.models import AttendanceStatus, CommitteeRole, MeetingType, MemberCategory, MemberStatus

STATUS_LABELS: dict[MemberStatus, str] = {
    MemberStatus.ACTIVE: "在册",
    MemberStatus.TRANSFERRED_OUT: "转出",
    MemberStatus.SUSPENDED: "停止党籍",
    MemberStatus.EXPELLED: "出党",
    MemberStatus.DECEASED: "去世",
}

CATEGORY_LABELS: dict[MemberCategory, str] = {
    MemberCategory.FULL: "正式党员",
    MemberCategory.PROBATIONARY: "预备党员",
}

ROLE_LABELS: dict[CommitteeRole, str] = {
    CommitteeRole.SECRETARY: "书记",
    CommitteeRole.DEPUTY: "副书记",
    CommitteeRole.ORGANISATION: "组织委员",
    CommitteeRole.PUBLICITY: "宣传委员",
    CommitteeRole.DISCIPLINE: "纪检委员",
    CommitteeRole.YOUTH: "青年委员",
    CommitteeRole.UNITED_FRONT: "统战委员",
    CommitteeRole.MEMBER: "委员",
}

MEETING_TYPE_LABELS: dict[MeetingType, str] = {
    MeetingType.THEME_DAY: "主题党日",
    MeetingType.GENERAL_MEETING: "支部党员大会",
    MeetingType.COMMITTEE_MEETING: "支部委员会会议",
    MeetingType.GROUP_MEETING: "党小组会",
    MeetingType.PARTY_LECTURE: "党课",
    MeetingType.LIFE_MEETING: "组织生活会",
}

ATTENDANCE_LABELS: dict[AttendanceStatus, str] = {
    AttendanceStatus.PRESENT: "出席",
    AttendanceStatus.LEAVE: "请假",
    AttendanceStatus.ABSENT: "缺席",
    AttendanceStatus.LATE: "迟到",
}

GENDERS = ("男", "女")
STAFF_CATEGORIES = ("在职", "退休", "离休", "规培", "进修", "其他")
EDUCATION_LEVELS = ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")
BRANCH_KINDS = ("在职", "联合", "离退休")

_ETHNICITY_TEXT = (  # the 56 nationalities, most common first for this region
    "汉族 壮族 回族 满族 维吾尔族 苗族 彝族 土家族 藏族 蒙古族 侗族 布依族 瑶族 白族 朝鲜族 哈尼族 黎族 "
    "哈萨克族 傣族 畲族 傈僳族 东乡族 仡佬族 拉祜族 佤族 水族 纳西族 羌族 土族 仫佬族 锡伯族 柯尔克孜族 "
    "景颇族 达斡尔族 撒拉族 布朗族 毛南族 塔吉克族 普米族 阿昌族 怒族 鄂温克族 京族 基诺族 德昂族 保安族 "
    "俄罗斯族 裕固族 乌孜别克族 门巴族 鄂伦春族 独龙族 赫哲族 高山族 珞巴族 塔塔尔族"
)
ETHNICITIES: tuple[str, ...] = tuple(_ETHNICITY_TEXT.split())
