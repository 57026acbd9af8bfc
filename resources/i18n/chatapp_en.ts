<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BranchActions</name>
    <message numerus="yes">
        <source>Deleted %n message(s)</source>
        <translation>
            <numerusform>Deleted %n message</numerusform>
            <numerusform>Deleted %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message numerus="yes">
        <source>{title}
Last changed {time} · %n message(s)</source>
        <translation>
            <numerusform>{title}
Last changed {time} · %n message</numerusform>
            <numerusform>{title}
Last changed {time} · %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadStatusWidget</name>
    <message numerus="yes">
        <source>Downloading {name} (%n more waiting)</source>
        <translation>
            <numerusform>Downloading {name} (%n more waiting)</numerusform>
            <numerusform>Downloading {name} (%n more waiting)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Downloading {name}: {percent}% (%n more waiting)</source>
        <translation>
            <numerusform>Downloading {name}: {percent}% (%n more waiting)</numerusform>
            <numerusform>Downloading {name}: {percent}% (%n more waiting)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HubSearchTab</name>
    <message numerus="yes">
        <source>%n GGUF repository(s) on {where} match &apos;{text}&apos;, most downloaded first; choose one to see its models.</source>
        <translation>
            <numerusform>%n GGUF repository on {where} matches &apos;{text}&apos;; choose it to see its models.</numerusform>
            <numerusform>%n GGUF repositories on {where} match &apos;{text}&apos;, most downloaded first; choose one to see its models.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LocalServerPanel</name>
    <message numerus="yes">
        <source>Answering an API request ({request}) · %n waiting</source>
        <translation>
            <numerusform>Answering an API request ({request}) · %n waiting</numerusform>
            <numerusform>Answering an API request ({request}) · %n waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelTexts</name>
    <message numerus="yes">
        <source>%n part(s)</source>
        <translation>
            <numerusform>%n part</numerusform>
            <numerusform>%n parts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyQueueBar</name>
    <message numerus="yes">
        <source>%n reply(s) waiting: {titles}</source>
        <translation>
            <numerusform>%n reply waiting: {titles}</numerusform>
            <numerusform>%n replies waiting: {titles}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServersTab</name>
    <message numerus="yes">
        <source>It answers: %n model(s), in {seconds} s. Choose one and press Use.</source>
        <translation>
            <numerusform>It answers: %n model, in {seconds} s. Choose it and press Use.</numerusform>
            <numerusform>It answers: %n models, in {seconds} s. Choose one and press Use.</numerusform>
        </translation>
    </message>
</context>
</TS>
