// Every string the console shows, in Chinese (the default) and English; t(key, {name: value}) fills {name}.

const STRINGS = {
  // The page and the top bar
  'app.title': ['村务公开管理', 'Village Affairs Console'],
  'app.subtitle': ['阳光惠民', 'Sunlight'],
  'common.paren': ['{a}（{b}）', '{a} ({b})'],
  'app.skip': ['跳到正文', 'Skip to content'],
  'app.loading': ['正在加载…', 'Loading…'],
  'lang.toggle': ['English', '中文'],
  'lang.toggle_label': ['Switch to English', '切换到中文'],
  'nav.label': ['主菜单', 'Main menu'],
  'nav.notices': ['公告', 'Notices'],
  'nav.terminals': ['终端', 'Terminals'],
  'nav.audit': ['操作记录', 'Audit log'],
  'top.logout': ['退出登录', 'Log out'],
  'top.whoami': ['{name} · {region}', '{name} · {region}'],
  'flash.logged_out': ['已退出登录', 'You have logged out'],
  'flash.logout_failed': ['退出登录失败，请重试。您仍处于登录状态。', 'Logging out failed; please try again. You are still logged in.'],
  'flash.published': ['公告已发布', 'The notice is published'],
  'flash.scheduled': ['公告已保存，将于 {time} 开始显示', 'The notice is saved and will show from {time}'],
  'flash.saved': ['修改已保存', 'Your changes are saved'],
  'flash.retracted': ['公告已撤回', 'The notice is retracted'],
  'confirm.leave': ['您修改的内容还没有保存。确定要离开吗？', 'Your changes are not saved. Leave anyway?'],

  // Roles and levels
  'role.village_cadre': ['村干部', 'village cadre'],
  'role.town_admin': ['镇街管理员', 'town administrator'],
  'role.district_admin': ['区管理员', 'district administrator'],
  'role.auditor': ['审计员', 'auditor'],
  'level.district': ['区县', 'district'],
  'level.town': ['镇街', 'town'],
  'level.village': ['村居', 'village'],

  // Login
  'login.heading': ['登录', 'Log in'],
  'login.intro': ['请使用区里发给您的用户名和密码登录。', 'Log in with the user name and password the district gave you.'],
  'login.username': ['用户名', 'User name'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Log in'],
  'login.busy': ['正在登录…', 'Logging in…'],
  'login.need_username': ['请输入用户名', 'Please enter your user name'],
  'login.need_password': ['请输入密码', 'Please enter your password'],
  'login.bad_login': ['用户名或密码错误', 'Wrong user name or password'],
  'login.locked': ['账户已锁定，请 {n} 分钟后再试', 'This account is locked. Please try again in {n} minutes'],
  'login.expired': ['登录已过期，请重新登录', 'Your session has expired. Please log in again'],
  'login.draft_kept': ['您正在编辑的内容已保留，登录后可以继续。', 'What you were writing is kept; you can go on after logging in.'],
  'login.show_password': ['显示密码', 'Show password'],

  // Errors from the server (section 9 of the protocol) and the network
  'error.network': ['无法连接服务器，请检查网络', 'Cannot reach the server. Please check the network'],
  'error.forbidden': ['无权操作该区域', 'You may not do this for that region'],
  'error.stale_revision': ['该公告已被他人修改，请刷新后重做修改', 'Someone else changed this notice. Please reload and make your change again'],
  'error.retracted': ['该公告已撤回，不能再修改', 'This notice is retracted and can no longer be changed'],
  'error.csrf': ['页面已过期，请刷新', 'This page is out of date. Please reload it'],
  'error.busy': ['系统正忙，请稍后再试', 'The system is busy. Please try again shortly'],
  'error.unknown_notice': ['没有找到这条公告，它可能已被删除或编号有误', 'There is no such notice'],
  'error.bad_field': ['{field}：填写的内容不符合要求', '{field}: this value is not accepted'],
  'error.bad_parameter': ['查询条件有误，请检查后再试', 'A filter is not valid. Please check it'],
  'error.too_large': ['内容太长，无法保存', 'The content is too large to save'],
  'error.no_session': ['登录已过期，请重新登录', 'Your session has expired. Please log in again'],
  'error.server': ['服务器出错了，请稍后再试。如果一直出错，请联系区里的管理员', 'The server failed. Please try again later, or tell the district administrator'],
  'error.other': ['操作没有成功，请稍后再试', 'That did not work. Please try again later'],
  'error.server_said': ['服务器说明：{detail}', 'Server said: {detail}'],
  'error.no_right': ['无权查看', 'You may not see this page'],
  'error.no_right_detail': ['您的账户没有查看这个页面的权限。如需查看，请联系区里的管理员。', 'Your account may not see this page. Ask the district administrator if you need it.'],
  'error.not_found_page': ['没有这个页面', 'There is no such page'],
  'error.reload': ['刷新页面', 'Reload'],
  'error.retry': ['重试', 'Try again'],

  // Field names (for bad_field and validation)
  'field.region': ['发布单位', 'Publisher'],
  'field.category': ['类别', 'Category'],
  'field.title': ['标题', 'Title'],
  'field.body': ['正文', 'Text'],
  'field.publish_at': ['发布时间', 'Publish at'],
  'field.expire_at': ['截止时间', 'Expires at'],
  'field.base_revision': ['版本', 'Revision'],
  'field.reason': ['撤回原因', 'Reason'],
  'field.username': ['用户名', 'User name'],
  'field.password': ['密码', 'Password'],
  'field.cookie': ['登录方式', 'Login type'],

  // Categories
  'category.village_affairs': ['村务', 'Village affairs'],
  'category.finance': ['财务', 'Finance'],
  'category.party_affairs': ['党务', 'Party affairs'],
  'category.public_notice': ['公示', 'Public notice'],

  // Statuses
  'status.published': ['已发布', 'Published'],
  'status.retracted': ['已撤回', 'Retracted'],
  'status.scheduled': ['定时发布', 'Scheduled'],
  'status.expired': ['已过期', 'Expired'],

  // Notice list
  'list.heading': ['公告', 'Notices'],
  'list.new': ['发布新公告', 'New notice'],
  'list.region': ['查看范围', 'Show'],
  'list.region_all': ['{name}（含下级）', '{name} (and below)'],
  'list.col_title': ['标题', 'Title'],
  'list.col_status': ['状态', 'Status'],
  'list.col_region': ['发布单位', 'Publisher'],
  'list.col_updated': ['最后修改', 'Last changed'],
  'list.col_revisions': ['版本', 'Revisions'],
  'list.updated': ['{time} · {by}', '{time} · {by}'],
  'list.revisions': ['第 {n} 版', 'rev. {n}'],
  'list.empty': ['还没有公告。点击“发布新公告”写第一条。', 'No notices yet. Choose “New notice” to write the first.'],
  'list.empty_readonly': ['这个范围内还没有公告。', 'There are no notices here yet.'],
  'list.count': ['共 {n} 条', '{n} notices'],
  'list.caption': ['公告列表，最新的在前', 'Notices, newest first'],

  // Notice page
  'detail.back': ['返回公告列表', 'Back to the notices'],
  'detail.edit': ['修改', 'Edit'],
  'detail.retract': ['撤回', 'Retract'],
  'detail.region': ['发布单位', 'Publisher'],
  'detail.category': ['类别', 'Category'],
  'detail.publish_at': ['开始显示', 'Shown from'],
  'detail.expire_at': ['停止显示', 'Shown until'],
  'detail.never': ['长期有效', 'No end'],
  'detail.created': ['首次发布', 'First published'],
  'detail.updated': ['最后修改', 'Last changed'],
  'detail.by_at': ['{by}，{time}', '{by}, {time}'],
  'detail.revision': ['当前版本', 'Current revision'],
  'detail.revision_n': ['第 {n} 版', 'revision {n}'],
  'detail.retraction_heading': ['此公告已撤回', 'This notice is retracted'],
  'detail.retraction_by': ['撤回人', 'Retracted by'],
  'detail.retraction_at': ['撤回时间', 'Retracted at'],
  'detail.retraction_reason': ['撤回原因', 'Reason'],
  'detail.readonly': ['您可以查看这条公告，但不能修改它。', 'You may read this notice but not change it.'],
  'detail.body': ['正文', 'Text'],

  // History and diffs
  'history.heading': ['修改记录', 'History'],
  'history.intro': ['每一次修改都会保留。红色删除线是删去的内容，绿色是新加的内容。', 'Every change is kept. Struck-out red text was removed, green text was added.'],
  'history.item': ['第 {n} 版 · {time} · {by}', 'Revision {n} · {time} · {by}'],
  'history.first': ['首次发布', 'First published'],
  'history.show_first': ['查看首次发布的全文', 'Show the first version in full'],
  'history.no_change': ['内容没有变化', 'Nothing changed'],
  'history.body_same': ['正文没有改动', 'The text did not change'],
  'history.body_changed': ['正文改动', 'Changes to the text'],
  'history.whole_replace': ['全文替换（改动太多，不逐行比较）：', 'Replaced in full (too many changes to compare line by line):'],
  'history.old_text': ['原文', 'Before'],
  'history.new_text': ['新文', 'After'],
  'history.collapsed': ['…… 中间 {n} 行没有改动（点击展开）', '… {n} unchanged lines (show)'],
  'history.empty_line': ['（空行）', '(blank line)'],
  'history.unavailable': ['暂时无法读取修改详情，只显示修改列表。', 'The details of each change cannot be read now; only the list is shown.'],
  'history.fallback_item': ['第 {n} 版 · {time} · {by}：{title}', 'Revision {n} · {time} · {by}: {title}'],
  'history.removed': ['删去', 'removed'],
  'history.added': ['新增', 'added'],
  'history.none': ['（无）', '(none)'],
  'history.field_change': ['{field}：', '{field}: '],

  // Editor
  'editor.new_heading': ['发布新公告', 'New notice'],
  'editor.edit_heading': ['修改公告', 'Edit notice'],
  'editor.edit_intro': ['修改后会保留原来的版本，群众可以看到修改记录。', 'The earlier version is kept; people can see the history.'],
  'editor.region': ['发布单位', 'Publisher'],
  'editor.region_fixed': ['公告将以这个单位的名义发布。', 'The notice is published in this name.'],
  'editor.region_choose': ['请选择发布单位', 'Choose the publisher'],
  'editor.category': ['类别', 'Category'],
  'editor.title': ['标题', 'Title'],
  'editor.title_hint': ['一句话说明是什么事，最多 80 个字。', 'Say in one line what it is about; at most 80 characters.'],
  'editor.body': ['正文', 'Text'],
  'editor.body_hint': ['空一行分段；列表可在行首写“- ”或“1. ”，终端按原样显示', 'Leave a blank line between paragraphs; for a list start lines with “- ” or “1. ”, shown on the terminals as typed'],
  'editor.count': ['{n} / {max} 字', '{n} / {max} characters'],
  'editor.count_over': ['{n} / {max} 字，超出 {over} 字', '{n} / {max} characters, {over} too many'],
  'editor.publish_at': ['开始显示时间', 'Show from'],
  'editor.publish_at_hint': ['留空表示立即发布。', 'Leave empty to publish now.'],
  'editor.publish_at_hint_edit': ['留空表示不改变原来的时间。', 'Leave empty to keep the current time.'],
  'editor.expire_at': ['停止显示时间', 'Show until'],
  'editor.expire_at_hint': ['留空表示长期有效。', 'Leave empty to show it with no end.'],
  'editor.times_zone': ['时间按本机时间填写。', 'Times are in this computer’s time zone.'],
  'editor.preview': ['预览', 'Preview'],
  'editor.publish': ['发布', 'Publish'],
  'editor.save': ['保存修改', 'Save changes'],
  'editor.cancel': ['取消', 'Cancel'],
  'editor.saving': ['正在保存…', 'Saving…'],
  'editor.preview_heading': ['终端上的样子', 'How terminals will show it'],
  'editor.preview_empty': ['点击“预览”查看公告在村里触摸屏上的样子。', 'Choose “Preview” to see the notice as the village kiosk shows it.'],
  'editor.need_region': ['请选择发布单位', 'Please choose the publisher'],
  'editor.need_category': ['请选择类别', 'Please choose a category'],
  'editor.need_title': ['请填写标题', 'Please write a title'],
  'editor.title_too_long': ['标题最多 80 个字，现在有 {n} 个字', 'The title may have at most 80 characters; it has {n}'],
  'editor.need_body': ['请填写正文', 'Please write the text'],
  'editor.body_too_long': ['正文最多 20000 个字，现在有 {n} 个字', 'The text may have at most 20,000 characters; it has {n}'],
  'editor.bad_time': ['{field}填写不完整，请选好日期和时间，或者全部清空', '{field} is incomplete: choose a date and a time, or clear it'],
  'editor.expire_before_publish': ['停止显示时间必须晚于开始显示时间', '“Show until” must be after “Show from”'],
  'editor.expire_past': ['停止显示时间已经过去了，公告将不会显示', '“Show until” is already past; the notice would not show'],
  'editor.fix_errors': ['请先改正下面标出的问题：', 'Please fix these first:'],
  'editor.loading_failed': ['无法读取这条公告', 'This notice could not be read'],
  'editor.retracted': ['该公告已撤回，不能再修改', 'This notice is retracted and can no longer be changed'],
  'editor.no_writable': ['您的账户不能发布公告。', 'Your account may not publish notices.'],
  'editor.stale_heading': ['{by} 在 {time} 修改了这条公告，改动如下：', '{by} changed this notice at {time}:'],
  'editor.stale_hint': ['您填写的内容还在上面，没有丢失。点击下面的按钮：您没有改动的地方换成最新内容，您改动的地方保留。', 'What you wrote is still above. The button below takes the latest version for what you did not change and keeps what you did.'],
  'editor.stale_use': ['我已看过，在最新版本上继续修改', 'I have read them: go on from the latest version'],
  'editor.stale_ready': ['您没有改动的内容已换成最新版本，您改动的内容保持不变。请再检查一遍，然后点击“保存修改”。', 'What you did not change now shows the latest version; your own changes are kept. Check once more, then choose “Save changes”.'],
  'editor.draft_restored': ['已恢复您之前输入的内容。', 'What you typed before is restored.'],

  // Preview (the kiosk's notice page)
  'preview.publisher': ['发布单位：{name}（{level}）', 'Published by {name} ({level})'],
  'preview.published': ['发布于 {time}', 'Published {time}'],
  'preview.schedule': ['终端上：{from}，{to}。', 'On terminals: {from}, {to}.'],
  'preview.from': ['{time} 开始显示', 'shown from {time}'],
  'preview.from_now': ['发布后立即显示', 'shown as soon as it is published'],
  'preview.to': ['{time} 停止显示', 'until {time}'],
  'preview.no_end': ['长期有效', 'with no end'],
  'preview.title_placeholder': ['（标题）', '(title)'],
  'preview.body_placeholder': ['（正文）', '(text)'],

  // Retract dialog
  'retract.heading': ['撤回公告', 'Retract the notice'],
  'retract.intro': ['撤回后，终端上不再显示这条公告，但它和修改记录都会保留。撤回后不能再修改。', 'Terminals stop showing the notice, but it and its history are kept. It cannot be edited after this.'],
  'retract.reason': ['撤回原因（必填）', 'Reason (required)'],
  'retract.reason_hint': ['2 到 200 个字，例如：活动取消', '2 to 200 characters, e.g. the event is cancelled'],
  'retract.confirm': ['确认撤回', 'Retract'],
  'retract.cancel': ['取消', 'Cancel'],
  'retract.need_reason': ['请填写撤回原因，至少 2 个字', 'Please give a reason of at least 2 characters'],
  'retract.reason_too_long': ['撤回原因最多 200 个字，现在有 {n} 个字', 'The reason may have at most 200 characters; it has {n}'],

  // Terminals
  'terminals.heading': ['终端状态', 'Terminals'],
  'terminals.summary_total': ['共 {n} 台', '{n} in all'],
  'terminals.refreshed': ['更新于 {time}，每 30 秒自动刷新', 'Updated {time}; refreshes every 30 s'],
  'terminals.refresh': ['立即刷新', 'Refresh now'],
  'terminals.col_name': ['名称', 'Name'],
  'terminals.col_kind': ['类型', 'Kind'],
  'terminals.col_scope': ['范围', 'Scope'],
  'terminals.col_state': ['状态', 'State'],
  'terminals.col_seen': ['最后联系', 'Last heartbeat'],
  'terminals.col_data': ['数据', 'Data'],
  'terminals.col_version': ['版本', 'Version'],
  'terminals.col_error': ['最近错误', 'Last error'],
  'terminals.kind.kiosk': ['触摸屏', 'Kiosk'],
  'terminals.kind.display': ['大屏', 'Big screen'],
  'terminals.state.online': ['在线', 'Online'],
  'terminals.state.stale': ['延迟', 'Late'],
  'terminals.state.offline': ['离线', 'Offline'],
  'terminals.state.revoked': ['已停用', 'Revoked'],
  'terminals.never': ['从未联系', 'Never'],
  'terminals.seq': ['第 {seq} 条', 'seq {seq}'],
  'terminals.lag': ['落后 {n} 条', '{n} behind'],
  'terminals.up_to_date': ['已是最新', 'up to date'],
  'terminals.no_error': ['无', 'none'],
  'terminals.empty': ['还没有登记任何终端。', 'No terminals are enrolled yet.'],
  'terminals.head': ['最新数据：第 {seq} 条', 'Latest data: seq {seq}'],
  'terminals.caption': ['终端列表', 'Terminals'],

  // Relative times
  'time.just_now': ['刚刚', 'just now'],
  'time.seconds_ago': ['{n} 秒前', '{n} s ago'],
  'time.minutes_ago': ['{n} 分钟前', '{n} min ago'],
  'time.hours_ago': ['{n} 小时前', '{n} h ago'],
  'time.days_ago': ['{n} 天前', '{n} days ago'],

  // Audit log
  'audit.heading': ['操作记录', 'Audit log'],
  'audit.intro': ['谁在什么时候做了什么，都记录在这里，不能修改。', 'Who did what and when, recorded and unchangeable.'],
  'audit.actor': ['操作人', 'Actor'],
  'audit.actor_hint': ['用户名开头，例如 cadre:lijun', 'beginning of the actor, e.g. cadre:lijun'],
  'audit.action': ['操作', 'Action'],
  'audit.action_all': ['全部操作', 'All actions'],
  'audit.from': ['从（日期）', 'From (date)'],
  'audit.to': ['到（日期）', 'To (date)'],
  'audit.apply': ['查询', 'Search'],
  'audit.more': ['加载更多', 'Load more'],
  'audit.loading': ['正在加载…', 'Loading…'],
  'audit.empty': ['没有符合条件的记录。', 'No entries match.'],
  'audit.end': ['已显示全部记录。', 'All entries are shown.'],
  'audit.none_yet': ['已读取的记录中没有符合条件的，可继续加载更多。', 'None of the entries read so far match; load more to keep looking.'],
  'audit.col_at': ['时间', 'Time'],
  'audit.col_actor': ['操作人', 'Actor'],
  'audit.col_action': ['操作', 'Action'],
  'audit.col_target': ['对象', 'Target'],
  'audit.col_region': ['区域', 'Region'],
  'audit.col_detail': ['详情', 'Details'],
  'audit.col_addr': ['来源地址', 'Address'],
  'audit.bad_range': ['结束日期不能早于开始日期', 'The end date must not be before the start date'],
  'audit.caption': ['操作记录，最新的在前', 'Audit entries, newest first'],
  'audit.district_wide': ['全区', 'whole district'],
  'audit.anonymous': ['未登录者', 'anonymous'],
  'audit.target_notice': ['公告 {id}', 'notice {id}'],
  'audit.target_user': ['账户 {id}', 'account {id}'],
  'audit.target_terminal': ['终端 {id}', 'terminal {id}'],
  'action.notice.publish': ['发布公告', 'Published a notice'],
  'action.notice.edit': ['修改公告', 'Edited a notice'],
  'action.notice.retract': ['撤回公告', 'Retracted a notice'],
  'action.user.login': ['登录', 'Logged in'],
  'action.user.logout': ['退出登录', 'Logged out'],
  'action.user.login_failed': ['登录失败（密码错误）', 'Failed login (wrong password)'],
  'action.user.locked': ['账户被锁定', 'Account locked'],
  'action.user.login_locked': ['锁定期间尝试登录', 'Login tried while locked'],
  'action.user.unlock': ['解除锁定', 'Account unlocked'],
  'action.user.add': ['新增账户', 'Account added'],
  'action.user.disable': ['停用账户', 'Account disabled'],
  'action.terminal.enroll': ['登记终端', 'Terminal enrolled'],
  'action.terminal.revoke': ['停用终端', 'Terminal revoked'],
  'action.import.*': ['导入数据（全部）', 'Data imports (all)'],
  'action.import': ['导入数据', 'Data import'],
  'action.import.regions': ['导入区划', 'Imported regions'],
  'action.import.funds': ['导入资金', 'Imported funds'],
  'action.import.stages': ['导入资金环节', 'Imported fund stages'],
  'action.import.payments': ['导入发放明细', 'Imported payments'],
  'action.import.notices': ['导入公告', 'Imported notices'],
  'action.store.restored': ['恢复数据库', 'Store restored'],
};

const LANGS = ['zh', 'en'];
const STORAGE_KEY = 'sunlight.console.lang';

let lang = 'zh';
try {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (LANGS.includes(saved)) lang = saved;
} catch {
  // Storage blocked (private mode): Chinese, not remembered.
}

export function currentLang() {
  return lang;
}

export function setLang(next) {
  if (!LANGS.includes(next)) return;
  lang = next;
  try {
    window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered; still switched for this page.
  }
  applyDocumentLang();
}

export function applyDocumentLang() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(STRINGS, key);
}

export function t(key, params) {
  const entry = STRINGS[key];
  let text = entry ? entry[LANGS.indexOf(lang)] : key;
  if (params) text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  return text;
}

// For the tests and reviewers: every key has both languages.
export function catalog() {
  return STRINGS;
}
