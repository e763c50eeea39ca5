import type { AppliesTo } from '../../domain/standards.ts';

/**
 * The demo standard: ten areas, 49 check items, 100 points, written the way
 * a district Party working committee writes its 规范化建设标准. Sample content
 * modelled on common regional standards, not a copy of a real document.
 */
export interface DemoCheckItem {
  code: string;
  title: string;
  criterion: string;
  weight: number;
  evidence: string;
  appliesTo?: AppliesTo;
}

export interface DemoArea {
  code: string;
  name: string;
  items: DemoCheckItem[];
}

/** The standard's name and texts; the title and notes carry the program year (see demo-calendar.ts). */
export function demoStandard(year: number) {
  return {
    name: '渭南高新区村级党组织规范化建设标准',
    description: '适用于全区村（社区）党组织对标提升、集中排查和整改验收。共十个方面、49项检查内容，满分100分。',
    title: `渭南高新区村级党组织规范化建设标准（${year}年版）`,
    notes: `中共渭南高新区党工委${year}年4月随印发通知下发，党群工作部负责解释，作为“对标提升”集中排查整改和验收销号的依据。`,
  };
}

export const DEMO_STANDARD_AREAS: DemoArea[] = [
  {
    code: 'ZZSZ',
    name: '组织设置',
    items: [
      {
        code: 'ZZSZ-01',
        title: '党组织设置',
        criterion:
          '村党组织按照党章和有关规定设置：党员50名以上的设立党总支，100名以上的经批准可设立党委；党员人数较多、居住分散的，按片区、产业或网格合理划分党小组。',
        weight: 2,
        evidence: '党组织设立（调整）批复文件、党小组划分名单',
      },
      {
        code: 'ZZSZ-02',
        title: '按期换届',
        criterion: '村党组织严格按期换届，选举程序规范，选举结果及时报街道党工委审批；委员出现缺额的，一个月内按程序补选，不出现长期缺职。',
        weight: 2,
        evidence: '换届选举请示及批复、选举大会记录、选票统计表',
      },
      {
        code: 'ZZSZ-03',
        title: '村级组织体系',
        criterion:
          '村党组织领导下的村民委员会、村务监督委员会、村集体经济组织和共青团、妇联、民兵等组织健全，作用发挥正常；村“两委”成员交叉任职比例符合要求。',
        weight: 2,
        evidence: '村级组织名册、“两委”成员名单及任职文件',
      },
      {
        code: 'ZZSZ-04',
        title: '班子分工',
        criterion: '村党组织书记、副书记、委员分工明确、责任到人，分工情况在活动场所公示；书记、村委会主任“一肩挑”的，按规定配强副职。',
        weight: 2,
        evidence: '班子分工文件、公示照片',
      },
      {
        code: 'ZZSZ-05',
        title: '党员组织关系和信息管理',
        criterion: '党员组织关系接转及时规范，无“口袋党员”；全国党员管理信息系统中党员和党组织信息准确完整，发生变动的一个月内更新。',
        weight: 2,
        evidence: '组织关系介绍信存根、党员花名册、信息系统截图',
      },
    ],
  },
  {
    code: 'DWJS',
    name: '队伍建设',
    items: [
      {
        code: 'DWJS-01',
        title: '村党组织书记选配',
        criterion:
          '村党组织书记政治过硬、本领过硬、作风过硬，一般具有高中（中专）以上文化程度；任职前按规定进行资格联审，实行区级党（工）委备案管理。',
        weight: 3,
        evidence: '书记任职资格联审表、备案登记表、个人简历',
      },
      {
        code: 'DWJS-02',
        title: '“两委”班子结构',
        criterion:
          '村“两委”班子年龄、文化、性别结构合理，至少有1名35岁左右的年轻成员和1名女性成员；班子成员中无受过刑事处罚、涉黑涉恶等不宜任职情形。',
        weight: 2,
        evidence: '“两委”成员花名册（含年龄、学历、性别）、资格审查记录',
      },
      {
        code: 'DWJS-03',
        title: '后备力量培养',
        criterion: '每村储备不少于2名村级后备力量，建立培养档案，明确培养联系人；每年至少培养1名35岁以下的入党积极分子。',
        weight: 2,
        evidence: '后备力量名册及培养档案、入党积极分子培养考察登记表',
      },
      {
        code: 'DWJS-04',
        title: '发展党员',
        criterion:
          '严格执行发展党员“五个阶段、二十五个步骤”，程序规范、材料齐全，无违规发展党员问题；连续两年未发展党员的，须说明原因并制定整改措施。',
        weight: 2,
        evidence: '发展党员工作计划、发展党员全程纪实材料',
      },
      {
        code: 'DWJS-05',
        title: '村干部培训和考核',
        criterion:
          '村党组织书记每年参加区级以上集中培训不少于1次，“两委”成员每年轮训一遍；实行村干部年度述职评议和考核，考核结果与绩效报酬挂钩。',
        weight: 3,
        evidence: '培训通知及签到表、述职评议记录、考核结果通报',
      },
    ],
  },
  {
    code: 'ZDJS',
    name: '阵地建设',
    items: [
      {
        code: 'ZDJS-01',
        title: '活动场所面积和产权',
        criterion: '村级活动场所面积不少于200平方米（社区不少于300平方米），产权归村（社区）集体所有，不得租用、抵押、转让或挪作他用。',
        weight: 4,
        evidence: '场所产权证明或土地使用证明、面积测量记录、场所全景照片',
      },
      {
        code: 'ZDJS-02',
        title: '便民服务大厅',
        criterion: '设置便民服务大厅，面积不少于40平方米，设立服务窗口，公开服务事项、办事流程和承诺时限，配备必要的办公和便民设施。',
        weight: 3,
        evidence: '服务大厅照片、服务事项清单、办事流程图',
        appliesTo: 'village',
      },
      {
        code: 'ZDJS-03',
        title: '功能室配置',
        criterion: '设有党员活动室（会议室）、远程教育室、图书阅览室、文化活动室等功能室，功能齐全、使用正常，可一室多用，不得闲置。',
        weight: 2,
        evidence: '各功能室照片、使用登记簿',
      },
      {
        code: 'ZDJS-04',
        title: '标识标牌和制度上墙',
        criterion:
          '场所外悬挂统一规范的党组织和村级组织标牌，设置党旗、党徽标识；入党誓词、党员权利和义务、村党组织职责、“三会一课”等主要制度上墙。',
        weight: 2,
        evidence: '标牌及制度上墙照片',
      },
      {
        code: 'ZDJS-05',
        title: '党员远程教育站点',
        criterion: '远程教育站点设备完好、专人管理，每月组织党员集中收看不少于2次，播放和学用记录完整。',
        weight: 1,
        evidence: '站点设备照片、收看记录、学用记录',
      },
      {
        code: 'ZDJS-06',
        title: '场所管理和环境',
        criterion: '活动场所有专人管理，开放时间公示；室内外整洁，无堆放杂物、无闲置荒废、无挪作他用；配齐消防、防盗等安全设施。',
        weight: 2,
        evidence: '场所管理制度、开放时间公示照片、消防器材照片',
      },
    ],
  },
  {
    code: 'DJHD',
    name: '党建活动',
    items: [
      {
        code: 'DJHD-01',
        title: '“三会一课”',
        criterion:
          '严格落实“三会一课”制度：支部党员大会每季度至少召开1次，支部委员会每月至少召开1次，党小组会每月至少召开1次，党课每季度至少1次，书记每年至少讲1次党课。',
        weight: 3,
        evidence: '“三会一课”记录本、党课讲稿、会议照片',
      },
      {
        code: 'DJHD-02',
        title: '主题党日',
        criterion: '每月固定一天开展主题党日活动，做到有主题、有计划、有记录；党员参加率不低于80%，因故缺席的及时补课。',
        weight: 2,
        evidence: '主题党日活动计划、签到表、活动记录及照片',
      },
      {
        code: 'DJHD-03',
        title: '组织生活会和民主评议党员',
        criterion: '每年至少召开1次组织生活会，认真开展批评和自我批评；每年开展民主评议党员，评议结果向党员本人反馈并报街道党工委备案。',
        weight: 2,
        evidence: '组织生活会方案及记录、民主评议党员测评表和结果报告',
      },
      {
        code: 'DJHD-04',
        title: '“两学一做”学习教育',
        criterion:
          '制定支部学习计划，通过集中学习、专题讨论、党课辅导、农村党员夜校等方式开展“两学一做”学习教育，推动常态化制度化；党员学习笔记规范。',
        weight: 2,
        evidence: '支部学习计划、学习记录、党员学习笔记',
      },
      {
        code: 'DJHD-05',
        title: '党员志愿服务',
        criterion: '组建党员志愿服务队，开展设岗定责、承诺践诺和结对帮扶活动，每名党员每年参加志愿服务不少于4次。',
        weight: 1,
        evidence: '志愿服务队名册、设岗定责公示、服务活动记录',
      },
    ],
  },
  {
    code: 'DJZD',
    name: '党建制度',
    items: [
      {
        code: 'DJZD-01',
        title: '坐班值班制度',
        criterion: '村“两委”成员实行轮流坐班值班，工作日有人坐班、节假日有人值守，值班表和联系电话上墙公示，值班记录完整。',
        weight: 2,
        evidence: '坐班值班表、值班记录本、公示照片',
      },
      {
        code: 'DJZD-02',
        title: '党建工作责任制',
        criterion: '村党组织书记履行抓党建第一责任人职责，年初制定党建工作计划，年底向街道党工委述职；班子成员落实“一岗双责”。',
        weight: 2,
        evidence: '年度党建工作计划、书记抓党建述职报告',
      },
      {
        code: 'DJZD-03',
        title: '党费收缴、使用和管理',
        criterion: '按规定标准按月足额收缴党费，党费收缴登记表填写规范；每年至少向党员公布1次党费收缴情况。',
        weight: 2,
        evidence: '党费收缴登记表、党费缴纳凭证、公布照片',
      },
      {
        code: 'DJZD-04',
        title: '党员联系群众',
        criterion: '建立党员联系户制度，每名有能力的党员联系3至5户群众，定期走访；收集的社情民意有登记、有办理、有反馈。',
        weight: 2,
        evidence: '党员联系户名册、走访记录、民情办理台账',
      },
      {
        code: 'DJZD-05',
        title: '村规民约和制度汇编',
        criterion: '制定村规民约、村民自治章程，经村民会议通过并报街道备案；村级各项制度汇编成册，执行到位。',
        weight: 2,
        evidence: '村规民约文本、村民会议通过记录、制度汇编',
      },
    ],
  },
  {
    code: 'MZGL',
    name: '民主管理',
    items: [
      {
        code: 'MZGL-01',
        title: '“四议两公开”',
        criterion:
          '村级重大事项严格落实“四议两公开”：村党组织提议、村“两委”会议商议、党员大会审议、村民会议或村民代表会议决议，决议公开、实施结果公开，全程留痕。',
        weight: 3,
        evidence: '“四议两公开”全程纪实材料（提议、商议、审议、决议记录及公开照片）',
      },
      {
        code: 'MZGL-02',
        title: '村民（代表）会议',
        criterion: '村民代表会议每季度至少召开1次；涉及村民切身利益的事项提交村民会议或村民代表会议讨论决定，会议记录完整，表决结果可查。',
        weight: 2,
        evidence: '村民代表会议记录、表决票或表决结果',
      },
      {
        code: 'MZGL-03',
        title: '村务监督委员会',
        criterion:
          '村务监督委员会人员配备齐全，对村务决策、村务公开、财务管理和工程项目等进行监督，监督记录完整，每年向村民会议或村民代表会议报告工作。',
        weight: 2,
        evidence: '监委会成员名单、监督记录、年度工作报告',
      },
      {
        code: 'MZGL-04',
        title: '村级财务管理',
        criterion: '落实“村账街管”，严格执行财务审批和民主理财制度；村集体资产、资源、资金管理规范，无白条入账、无坐支挪用。',
        weight: 2,
        evidence: '财务审批单、民主理财记录、“三资”台账',
        appliesTo: 'village',
      },
      {
        code: 'MZGL-05',
        title: '矛盾纠纷排查化解',
        criterion: '村人民调解委员会健全，建立矛盾纠纷排查化解台账，做到小事不出村、大事不出街道；无因工作不力引发的越级上访和群体性事件。',
        weight: 1,
        evidence: '调委会名单、矛盾纠纷排查化解台账',
      },
    ],
  },
  {
    code: 'DYJY',
    name: '党员教育管理',
    items: [
      {
        code: 'DYJY-01',
        title: '党员集中学习培训',
        criterion: '党员每年参加集中学习培训累计不少于32学时，村党组织书记和班子成员每年不少于56学时；年老体弱、行动不便的党员送学上门。',
        weight: 3,
        evidence: '培训计划、签到表、学时登记表、送学上门记录',
      },
      {
        code: 'DYJY-02',
        title: '流动党员管理',
        criterion:
          '建立流动党员台账，掌握外出党员去向和联系方式；通过微信群、电话等定期推送学习内容，每半年至少联系1次，督促按时交纳党费。',
        weight: 2,
        evidence: '流动党员登记台账、联系记录、学习推送截图',
      },
      {
        code: 'DYJY-03',
        title: '党员积分管理',
        criterion: '实行党员积分（星级）管理，积分结果每季度公示，作为评先选优和民主评议党员的重要依据。',
        weight: 2,
        evidence: '党员积分管理办法、积分登记表、公示照片',
      },
      {
        code: 'DYJY-04',
        title: '关怀帮扶',
        criterion: '建立生活困难党员、老党员台账，“七一”、春节等重要节点开展走访慰问，落实党内关怀帮扶措施。',
        weight: 1,
        evidence: '困难党员台账、走访慰问记录及照片',
      },
      {
        code: 'DYJY-05',
        title: '不合格党员处置',
        criterion:
          '对长期不参加组织生活、不交纳党费、不履行党员义务的党员，按照稳妥慎重处置不合格党员的规定进行教育帮扶或组织处置，程序规范、材料完整。',
        weight: 2,
        evidence: '教育帮扶记录、组织处置材料',
      },
    ],
  },
  {
    code: 'DWGK',
    name: '党务村务公开',
    items: [
      {
        code: 'DWGK-01',
        title: '公开栏设置',
        criterion: '在活动场所或群众集中的显著位置设置规范的党务、村务、财务公开栏；有条件的村同时通过电子屏、微信群等公开。',
        weight: 2,
        evidence: '公开栏照片、电子屏或微信公开截图',
      },
      {
        code: 'DWGK-02',
        title: '党务公开',
        criterion: '党务公开一般每半年至少1次，内容包括党组织建设、发展党员、党费收缴、民主评议党员等情况；重大事项随时公开。',
        weight: 2,
        evidence: '党务公开内容登记、各期公开照片',
      },
      {
        code: 'DWGK-03',
        title: '村务财务公开',
        criterion:
          '村务一般事项每半年公开1次，财务收支每季度公开1次（收支较多的每月公开1次）；集体土地征收补偿、惠农补贴、低保评定等群众关心的事项随时公开。',
        weight: 2,
        evidence: '村务、财务公开登记及各期公开照片',
      },
      {
        code: 'DWGK-04',
        title: '公开程序和问题台账亮出',
        criterion:
          '公开内容经村党组织审核、村务监督委员会审查后公开，并听取群众意见、及时答复；排查出的问题台账和整改措施在显著位置公示，接受群众监督。',
        weight: 2,
        evidence: '公开审核审查记录、群众意见答复记录、问题台账公示照片',
      },
    ],
  },
  {
    code: 'DATZ',
    name: '档案台账',
    items: [
      {
        code: 'DATZ-01',
        title: '党建工作档案',
        criterion: '建立党组织建设、党员管理、组织生活、发展党员等党建工作档案，分类装盒、目录清晰、专人保管。',
        weight: 2,
        evidence: '档案目录、档案盒照片',
      },
      {
        code: 'DATZ-02',
        title: '会议记录',
        criterion: '“三会一课”、主题党日、村“两委”会议等记录本统一规范，时间、地点、参加人员、议题和决议等要素齐全，不得事后补记。',
        weight: 1,
        evidence: '各类会议记录本',
      },
      {
        code: 'DATZ-03',
        title: '村务档案',
        criterion: '村务决策、选举、财务、土地承包等村务档案齐全，按年度立卷归档，查阅有登记。',
        weight: 1,
        evidence: '村务档案目录、查阅登记簿',
        appliesTo: 'village',
      },
      {
        code: 'DATZ-04',
        title: '问题整改台账',
        criterion:
          '建立规范化建设问题整改台账，逐项明确整改措施、责任人和整改时限，每周更新整改进展；佐证材料齐全，做到验收一个、合格一个、销号一个。',
        weight: 2,
        evidence: '问题整改台账、每周进展记录、整改佐证材料',
      },
    ],
  },
  {
    code: 'JFFW',
    name: '经费保障与服务群众',
    items: [
      {
        code: 'JFFW-01',
        title: '运转经费和干部报酬',
        criterion: '村级组织运转经费、服务群众专项经费足额到位、专款专用；村干部基本报酬按时足额发放。',
        weight: 2,
        evidence: '经费拨付凭证、经费使用明细、报酬发放表',
      },
      {
        code: 'JFFW-02',
        title: '村集体经济',
        criterion: '制定村集体经济发展规划，有稳定的集体经济收入来源，集体经济收入逐年增长；“空壳村”有明确的消除计划和措施。',
        weight: 2,
        evidence: '集体经济发展规划、年度收入明细、消除“空壳村”计划',
        appliesTo: 'village',
      },
      {
        code: 'JFFW-03',
        title: '为民服务全程代办',
        criterion: '推行为民服务全程代办制度，公开代办事项和代办员联系方式，代办登记台账完整，办结及时。',
        weight: 2,
        evidence: '代办事项清单公示照片、代办登记台账',
      },
      {
        code: 'JFFW-04',
        title: '精准帮扶',
        criterion: '村干部定期入户走访，对贫困户、留守老人和儿童、残疾人等特殊群体建立帮扶台账，帮扶责任人和措施落实到户到人。',
        weight: 2,
        evidence: '入户走访记录、特殊群体帮扶台账',
      },
      {
        code: 'JFFW-05',
        title: '群众满意度',
        criterion: '年度群众满意度测评不低于85%；无群众反映强烈、长期得不到解决的突出问题。',
        weight: 2,
        evidence: '满意度测评表及统计结果、群众意见办理记录',
      },
    ],
  },
];
