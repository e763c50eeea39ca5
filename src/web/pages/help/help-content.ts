import type { Permission } from '../../../domain/roles.ts';

/** A text of the help page in both languages. */
export interface HelpText {
  zh: string;
  en: string;
}

export interface HelpTopic {
  key: string;
  title: HelpText;
  steps: HelpText[];
}

export interface HelpSection {
  key: 'village' | 'liaison' | 'district' | 'everyone';
  title: HelpText;
  topics: HelpTopic[];
}

/**
 * 使用说明's content, in the words the screens use (the buttons' and sections' own labels), so that a secretary can
 * follow it on her phone with the page beside it.
 */
const VILLAGE: HelpSection = {
  key: 'village',
  title: { zh: '村（社区）党组织书记', en: 'Village Party secretaries' },
  topics: [
    {
      key: 'submit',
      title: { zh: '整改完成后申请验收', en: 'Submit a fixed problem for acceptance' },
      steps: [
        {
          zh: '打开“工作台”，在“即将到期”或“我的问题”里找到这个问题。被退回的问题排在最前，先看退回原因。',
          en: 'Open the Dashboard and find the problem under Due soon or My problems. Problems sent back come first: read why.',
        },
        { zh: '点“整改完成，上传照片并申请验收”。', en: 'Tap "Done: add a photo and ask for acceptance".' },
        {
          zh: '点“拍照或选择照片”，拍一张整改后的现场照片（可以拍几张）。被退回的问题要补拍新照片。',
          en: 'Tap "Take or choose a photo" and take a photo of the fixed place (several if you like). A problem sent back needs a new one.',
        },
        {
          zh: '可以写一句整改情况，例如“已制作制度牌并上墙”。',
          en: 'You may add a line on what was done, e.g. rules board made and put up.',
        },
        {
          zh: '点“提交验收”。包联组会收到通知；验收合格或退回时，右上角的铃铛会告诉您。',
          en: 'Tap "Ask for acceptance". The liaison group is told; the bell at the top tells you when it is accepted or sent back.',
        },
      ],
    },
    {
      key: 'measures',
      title: { zh: '写整改措施和整改进展', en: 'Write measures and progress' },
      steps: [
        { zh: '在“问题台账”里点开问题。', en: 'Open the problem from the Problem ledger.' },
        {
          zh: '在“整改措施”里点“添加措施”，写明做什么、谁负责、什么时候完成；完成后把进度改到100%。',
          en: 'Under Measures tap "Add measure": what, who and by when; set it to 100% once done.',
        },
        {
          zh: '在“填报进展”里写做到了哪一步，点“提交进展”。公示的问题，进展会在村务公开页展示，请勿写群众姓名和电话。',
          en: 'Under Note progress write how far it has got and tap "Add note". For a public problem it shows on the public page: no villagers\u2019 names or phone numbers.',
        },
        {
          zh: '“佐证材料”里可以随时拍照上传或上传文件（会议记录、台账照片等）。',
          en: 'Under Evidence you can take photos or upload files (minutes, ledger photos) at any time.',
        },
      ],
    },
    {
      key: 'weekly',
      title: { zh: '每周汇报', en: 'The weekly report' },
      steps: [
        { zh: '打开“每周汇报”，截止时间写在页面上方。', en: 'Open Weekly reports; the deadline is at the top.' },
        {
          zh: '填写“本周进展”（必填）、“存在困难”和“下周计划”。没写完可以点“保存草稿”，没网时写的字会先留在手机上。',
          en: 'Fill in This week\u2019s progress (required), Difficulties and Next week\u2019s plan. "Save draft" keeps it; typing without a connection stays on the phone.',
        },
        {
          zh: '写好后点“提交汇报”并确认。过了截止时间提交会记为迟报。',
          en: 'Then tap "File report" and confirm. After the deadline it counts as late.',
        },
      ],
    },
    {
      key: 'study',
      title: { zh: '党建学习和值班签到', en: 'Party life and duty sign-in' },
      steps: [
        {
          zh: '开完会、上完党课后，在工作台的“党建学习与坐班值班”里点“记录学习活动”，填主题、时间，勾选缺席的党员并写明原因。',
          en: 'After a meeting or a Party lesson, tap "Record a session" under Party life and duty on the Dashboard: topic, time, and who was absent and why.',
        },
        {
          zh: '轮到您在便民服务大厅值班时，到岗后点“值班签到”。不在值班表上的是代班，签到前会再问一次。',
          en: 'On your duty day at the service hall, tap "Sign in for duty" when you arrive. Off the roster it counts as standing in, and you are asked first.',
        },
      ],
    },
  ],
};

const LIAISON: HelpSection = {
  key: 'liaison',
  title: { zh: '包联组成员', en: 'Liaison group members' },
  topics: [
    {
      key: 'accept',
      title: { zh: '验收村里提交的问题', en: 'Accept or send back what a village submitted' },
      steps: [
        {
          zh: '工作台“我的包联村”最上面写着“包联村有 N 个问题待验收”，点它列出这些问题。',
          en: 'At the top of My villages on the Dashboard, "N problems awaiting acceptance" lists them.',
        },
        {
          zh: '点开问题，看整改措施、佐证材料和整改情况。',
          en: 'Open a problem and look at its measures, evidence and the village\u2019s account.',
        },
        {
          zh: '合格的点“验收合格”（可写验收意见）；不合格的点“退回”，写明原因，村里会立刻收到通知和原因。',
          en: 'If it is done, tap "Accept" (an opinion is optional); if not, tap "Send back" with the reason: the village is told at once, with the reason.',
        },
      ],
    },
  ],
};

const DISTRICT: HelpSection = {
  key: 'district',
  title: { zh: '区、街道工作人员', en: 'District and subdistrict staff' },
  topics: [
    {
      key: 'cadence',
      title: { zh: '一周一统计、一月一通报', en: 'The weekly figures and the monthly circular' },
      steps: [
        {
          zh: '“工作台”和“每周统计”随时显示最新数字；每周结束后（周一零时起）上周数字冻结，可打印。',
          en: 'The Dashboard and Weekly statistics show the figures as they are; once a week ends (Monday 00:00) it is frozen, ready to print.',
        },
        {
          zh: '每月初在“月度通报”里选上月生成通报草稿，修改文字后印发；Word 文件和 Excel 附件可以下载。',
          en: 'Early each month, generate last month\u2019s draft under Circulars, edit the text and publish it; the Word file and the Excel annexes download.',
        },
        {
          zh: '“约谈”页列出本月符合约谈条件的单位和原因，可安排约谈并记录结果。',
          en: 'Interviews lists the units that meet the interview rules this month, with why; schedule and record them there.',
        },
      ],
    },
  ],
};

const EVERYONE: HelpSection = {
  key: 'everyone',
  title: { zh: '常见问题', en: 'Common questions' },
  topics: [
    {
      key: 'network',
      title: { zh: '网络不好时', en: 'On a weak connection' },
      steps: [
        {
          zh: '保存时如果提示“不确定是否已保存”，先等页面刷新，看看内容在不在；再点一次不会重复保存。',
          en: 'If a save says it may or may not have been saved, wait for the page to reload and look; tapping again does not save twice.',
        },
        {
          zh: '断网时页面上方会出现提示，恢复后会自动刷新；正在写的周报和学习记录会留在手机上。',
          en: 'Offline, a bar at the top says so and the page refreshes once the connection is back; a weekly report or study record being typed stays on the phone.',
        },
      ],
    },
    {
      key: 'bell',
      title: { zh: '提醒和消息', en: 'Notifications' },
      steps: [
        {
          zh: '右上角的铃铛（菜单里的“提醒”）会告诉您：问题被退回或验收、快到期或已逾期、周报待提交等。点一条提醒直接打开相关页面。',
          en: 'The bell at the top (Notifications in the menu) tells you of problems sent back or accepted, deadlines near or past, reports due. Tap one to open what it is about.',
        },
      ],
    },
    {
      key: 'password',
      title: { zh: '修改或忘记密码', en: 'Your password' },
      steps: [
        { zh: '在“我的账户”里可以修改密码。', en: 'Change it under My account.' },
        { zh: '忘记密码时，请区级管理员在“用户管理”里为您重置。', en: 'Forgotten: ask a district administrator to reset it under Users.' },
      ],
    },
  ],
};

/** The sections for a reader: their own work first, then what holds for everyone. */
export function helpSectionsFor(user: { permissions: readonly Permission[]; villageOnly: boolean }): HelpSection[] {
  const can = (p: Permission) => user.permissions.includes(p);
  const sections: HelpSection[] = [];
  if (can('problem.rectify')) sections.push(VILLAGE);
  if (can('problem.verify')) sections.push(LIAISON);
  if (!user.villageOnly) sections.push(DISTRICT);
  sections.push(EVERYONE);
  return sections;
}
