"""WTForms forms (CSRF on every one) with zh-CN messages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp


class LoginForm(FlaskForm):
    """The host's password."""

    password = PasswordField("主持人密码", validators=[DataRequired("请输入主持人密码")])


class CreateContestForm(FlaskForm):
    """A contest from a preset with its teams, one per line."""

    preset = SelectField("比赛类型", validators=[DataRequired("请选择比赛类型")])
    title = StringField("比赛名称", validators=[Optional(), Length(max=60, message="比赛名称最多 60 字")])
    teams = TextAreaField("参赛队（每行一队，可写“队名,队员1,队员2…”）",
                          validators=[DataRequired("请至少填写两支参赛队")])
    seed = IntegerField("抽题随机种子（可不填）", validators=[Optional(), NumberRange(0, 10**9)])


class JoinForm(FlaskForm):
    """A phone joining its team from the team's QR code."""

    member = StringField("你的名字", validators=[DataRequired("请填写你的名字"),
                                                 Length(max=20, message="名字最多 20 字")])


class ContestCodeForm(FlaskForm):
    """First step of joining without the QR: the 比赛码 shown on the projector."""

    code = StringField("比赛码（大屏幕上的 6 位数字）",
                       validators=[DataRequired("请输入比赛码"), Regexp(r"^\d{6}$", message="比赛码是 6 位数字")])


class PinJoinForm(FlaskForm):
    """A phone joining by picking one team of the contest and typing its PIN."""

    team = SelectField("队伍", validators=[DataRequired("请选择队伍")])
    # 6 digits; a PIN issued before PINs grew (4 digits) works until the host regenerates it
    pin = StringField("PIN 码（桌上卡片上的数字）",
                      validators=[DataRequired("请输入 PIN 码"),
                                  Regexp(r"^(\d{6}|\d{4})$", message="PIN 码是 6 位数字")])
    member = StringField("你的名字", validators=[DataRequired("请填写你的名字"),
                                                 Length(max=20, message="名字最多 20 字")])


class PasswordForm(FlaskForm):
    """Change the host password: the current one, then the new one twice."""

    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码")])
    new = PasswordField("新密码（至少 8 个字符）",
                        validators=[DataRequired("请输入新密码"), Length(min=8, max=200, message="新密码至少 8 个字符")])
    confirm = PasswordField("再输入一次新密码",
                            validators=[DataRequired("请再输入一次新密码"), EqualTo("new", "两次输入的新密码不一样")])


class RegenerateForm(FlaskForm):
    """A bare form: the CSRF token guards the regenerate-code action."""


class ImportForm(FlaskForm):
    """Upload an organiser's question file (.xlsx or .csv) into a new or existing bank."""

    bank_id = StringField("题库编号（小写字母、数字和短横线，例如 my-bank）",
                          validators=[DataRequired("请填写题库编号"),
                                      Regexp(r"^[a-z0-9-]{1,40}$", message="题库编号只能用小写字母、数字和短横线")])
    title = StringField("题库名称", validators=[DataRequired("请填写题库名称"), Length(max=40)])
    file = FileField("题目文件（.xlsx 或 .csv，最大 10 MB）",
                     validators=[FileRequired("请选择文件"),
                                 FileAllowed(["xlsx", "csv"], "只支持 .xlsx 和 .csv 文件")])
