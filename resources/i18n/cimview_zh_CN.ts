<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddLayerDialog</name>
    <message>
        <location filename="../../app/add_layer.py" line="134"/>
        <source>Add layer</source>
        <extracomment>Default colours of added layers, one after the other (fill, outline), light on the terrain. What reading the file left out or repaired, worded (shown once the layer is added).</extracomment>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="135"/>
        <source>From a file (GeoPackage, GeoJSON, Shapefile)</source>
        <translation>来自文件（GeoPackage、GeoJSON、Shapefile）</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="136"/>
        <source>From a table of the cache</source>
        <translation>来自缓存中的表</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="142"/>
        <source>path of a .gpkg, .geojson or .shp file</source>
        <translation>.gpkg、.geojson 或 .shp 文件的路径</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="144"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="149"/>
        <source>e.g. EPSG:4326 or EPSG:4547</source>
        <translation>例如 EPSG:4326 或 EPSG:4547</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="160"/>
        <source>the file&apos;s or table&apos;s name</source>
        <translation>默认为文件名或表名</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="171"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="172"/>
        <source>Table:</source>
        <translation>表：</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="173"/>
        <source>CRS:</source>
        <translation>坐标系：</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="176"/>
        <source>Cache table:</source>
        <translation>缓存表：</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="177"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="198"/>
        <source>Add a layer from a file</source>
        <translation>从文件添加图层</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="199"/>
        <source>Vector files (*.gpkg *.geojson *.json *.shp);;All files (*)</source>
        <translation>矢量文件 (*.gpkg *.geojson *.json *.shp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="229"/>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="229"/>
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="230"/>
        <source>polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="231"/>
        <source>{0} — {1} ({2})</source>
        <translation>{0} — {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="239"/>
        <source>The file declares {0}; a CRS typed here replaces it.</source>
        <translation>文件声明的坐标系为 {0}；在此填写的坐标系将取而代之。</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="242"/>
        <source>The file declares no CRS: say which it is in.</source>
        <translation>文件未声明坐标系：请填写其坐标所用的坐标系。</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="260"/>
        <source>Choose a file.</source>
        <translation>请选择文件。</translation>
    </message>
    <message>
        <location filename="../../app/add_layer.py" line="263"/>
        <source>{0}: no such file</source>
        <translation>{0}：文件不存在</translation>
    </message>
</context>
<context>
    <name>AddTilesetDialog</name>
    <message>
        <location filename="../../app/add_tiles3d.py" line="38"/>
        <source>Add 3D Tiles layer</source>
        <translation>添加三维瓦片图层</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="40"/>
        <source>A folder with tileset.json, or a URL</source>
        <translation>含 tileset.json 的文件夹，或一个网址</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="41"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="47"/>
        <source>e.g. 倾斜摄影 珠湾区</source>
        <translation>例如 倾斜摄影 珠湾区</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="49"/>
        <source>Tileset:</source>
        <translation>瓦片集：</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="50"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="65"/>
        <source>Folder of a 3D Tiles tileset</source>
        <translation>三维瓦片集所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/add_tiles3d.py" line="79"/>
        <source>Choose a folder holding tileset.json, or type a URL.</source>
        <translation>请选择含 tileset.json 的文件夹，或输入网址。</translation>
    </message>
</context>
<context>
    <name>AttributePanel</name>
    <message>
        <location filename="../../app/attribute_panel.py" line="47"/>
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="47"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="77"/>
        <source>No such feature</source>
        <translation>没有该要素</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="108"/>
        <source>Standard address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="109"/>
        <source>Level</source>
        <translation>地址级别</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="111"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="119"/>
        <source>Building</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="129"/>
        <source>  height {0:.1f} m</source>
        <translation>  高程 {0:.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="130"/>
        <source>Clicked point</source>
        <translation>点击位置</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="183"/>
        <source>Mounted devices</source>
        <translation>挂载设备</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="185"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="201"/>
        <source>Mount height, status, model</source>
        <translation>安装高度、状态、型号</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="218"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="228"/>
        <source>edited: %1</source>
        <translation>编辑：%1</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="230"/>
        <source>conflict settled</source>
        <translation>冲突已处理</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="232"/>
        <source>local change discarded</source>
        <translation>已放弃本地修改</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/attribute_panel.py" line="234"/>
        <source>observation recorded (%n photo(s))</source>
        <translation>
            <numerusform>记录了现场情况（%n 张照片）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="236"/>
        <source>sent to the platform</source>
        <translation>已推送到平台</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="237"/>
        <source>to be sent again</source>
        <translation>待重新推送</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="238"/>
        <source>rejected by the platform</source>
        <translation>被平台拒绝</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="239"/>
        <source>in conflict with the platform</source>
        <translation>与平台冲突</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="240"/>
        <source>pushed</source>
        <translation>已推送</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="243"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>AttributeTable</name>
    <message>
        <location filename="../../app/attribute_table.py" line="128"/>
        <source>Filter, e.g. height &gt; 24 and name like &apos;%路&apos;</source>
        <extracomment>the housing filter&apos;s result to use (default: the buildings&apos; colouring filter)</extracomment>
        <translation>筛选，例如 height &gt; 24 and name like &apos;%路&apos;</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="130"/>
        <source>Use the housing filter</source>
        <translation>使用房屋专题的筛选</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="137"/>
        <source>Only the selection</source>
        <translation>仅所选要素</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="138"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="139"/>
        <source>Export the rows shown (or the selection) as CSV</source>
        <translation>将显示的行（或所选要素）导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="141"/>
        <source>XLSX…</source>
        <translation>XLSX…</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="142"/>
        <source>Export the rows shown (or the selection) as an Excel workbook</source>
        <translation>将显示的行（或所选要素）导出为 Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="154"/>
        <source>Layer:</source>
        <translation>图层：</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="297"/>
        <source>{0} of {1} rows</source>
        <translation>显示 {0} 行，共 {1} 行</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="344"/>
        <source>Export the attribute table</source>
        <translation>导出属性表</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="345"/>
        <source>CSV (Excel) files ({0})</source>
        <translation>CSV（Excel）文件 ({0})</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="346"/>
        <source>Excel workbooks ({0})</source>
        <translation>Excel 工作簿 ({0})</translation>
    </message>
    <message>
        <location filename="../../app/attribute_table.py" line="365"/>
        <source>{0} rows written to {1}</source>
        <translation>已将 {0} 行写入 {1}</translation>
    </message>
</context>
<context>
    <name>AuditCli</name>
    <message>
        <location filename="../../app/audit_cli.py" line="19"/>
        <source>the platform kept head {head} from {device} at {at}</source>
        <translation>平台保存的链头为 {head}，来自 {device}，时间 {at}</translation>
    </message>
    <message>
        <location filename="../../app/audit_cli.py" line="20"/>
        <source>the platform keeps no head for this trail (no push yet)</source>
        <translation>平台未保存此留痕链的链头（尚未推送）</translation>
    </message>
</context>
<context>
    <name>BimPanel</name>
    <message>
        <location filename="../../app/bim_panel.py" line="193"/>
        <location filename="../../app/bim_panel.py" line="311"/>
        <source>No BIM model: File ▸ Open BIM…, or drop an .ifc file on the window</source>
        <translation>没有 BIM 模型：文件 ▸ 打开 BIM…，或把 .ifc 文件拖到窗口上</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="209"/>
        <source>Review</source>
        <translation>审查</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="212"/>
        <source>X-ray</source>
        <translation>X 光</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="213"/>
        <source>Everything but the selected element translucent</source>
        <translation>除选中构件外全部半透明</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="215"/>
        <source>Compare with white model</source>
        <translation>与白模对比</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="216"/>
        <source>Show the white models the BIM replaces</source>
        <translation>显示被 BIM 替代的白模</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="225"/>
        <source>Storey</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="228"/>
        <source>Section</source>
        <translation>剖切</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="229"/>
        <source>Cut the model with a plane</source>
        <translation>用平面剖切模型</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="232"/>
        <source>Horizontal</source>
        <translation>水平</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="233"/>
        <source>Vertical</source>
        <translation>竖直</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="248"/>
        <source>Place manually…</source>
        <translation>手动放置…</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="250"/>
        <source>Close model</source>
        <translation>关闭模型</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="268"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="268"/>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="269"/>
        <source>Origin</source>
        <translation>原点</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="269"/>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="270"/>
        <source>Scale</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="270"/>
        <source>Anomalies</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="276"/>
        <source>Spatial structure</source>
        <translation>空间结构</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="277"/>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="278"/>
        <source>Georeferencing</source>
        <translation>地理配准</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="337"/>
        <source>{0} elements with geometry</source>
        <translation>{0} 个有几何的构件</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="339"/>
        <source>, &lt;a href=&quot;failures&quot;&gt;{0} failed&lt;/a&gt;</source>
        <translation>，&lt;a href=&quot;failures&quot;&gt;{0} 个失败&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="341"/>
        <source>, none failed</source>
        <translation>，无失败</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="342"/>
        <source> — {0:.1f} s</source>
        <translation> — {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="344"/>
        <source> (from the cache)</source>
        <translation>（来自缓存）</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="456"/>
        <source>All storeys</source>
        <translation>全部楼层</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="481"/>
        <source>White models under the BIM: {0}</source>
        <translation>BIM 下的白模：{0} 栋</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="482"/>
        <source>No white model under the BIM</source>
        <translation>BIM 下没有白模</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="559"/>
        <source>Show only {0}</source>
        <translation>只显示 {0}</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="562"/>
        <source>Show all classes</source>
        <translation>显示全部类别</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="619"/>
        <source>{0:.2f} m</source>
        <translation>{0:.2f} 米</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="622"/>
        <source>{0:.2f} m along x</source>
        <translation>沿 x 轴 {0:.2f} 米</translation>
    </message>
</context>
<context>
    <name>CacheKey</name>
    <message>
        <location filename="../../app/cache_key.py" line="25"/>
        <source>Passphrase for {cache}: </source>
        <translation>{cache} 的口令：</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="26"/>
        <source>New passphrase for {cache}: </source>
        <translation>{cache} 的新口令：</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="27"/>
        <source>The same passphrase again: </source>
        <translation>再次输入同一口令：</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="28"/>
        <source>the two passphrases differ: nothing was changed</source>
        <translation>两次输入的口令不一致：未作任何更改</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="29"/>
        <source>a passphrase of at least {n} characters, please: nothing was changed</source>
        <translation>口令至少需要 {n} 个字符：未作任何更改</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="31"/>
        <source>{cache}: encrypted ({bytes} bytes){kept}</source>
        <translation>{cache}：已加密（{bytes} 字节）{kept}</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="32"/>
        <source>{cache}: decrypted, a plain GeoPackage again ({bytes} bytes)</source>
        <translation>{cache}：已解密，恢复为普通 GeoPackage（{bytes} 字节）</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="34"/>
        <source>; its key is kept in the system keyring</source>
        <translation>；其密钥已保存在系统密钥环中</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="35"/>
        <source>; no usable system keyring: the key was not kept</source>
        <translation>；没有可用的系统密钥环：密钥未保存</translation>
    </message>
    <message>
        <location filename="../../app/cache_key.py" line="36"/>
        <source>no passphrase: type it at a terminal, or set {env}</source>
        <translation>没有口令：请在终端中输入，或设置 {env}</translation>
    </message>
</context>
<context>
    <name>ChartCanvas</name>
    <message>
        <location filename="../../app/timeline_chart.py" line="86"/>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../app/sync_panel.py" line="536"/>
        <source>Resolve conflict</source>
        <translation>解决冲突</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="538"/>
        <source>The platform&apos;s copy changed since you edited it. Choose, field by field, which value to keep.</source>
        <translation>你编辑之后平台上的数据也改了。请逐个字段选择保留哪个值。</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="541"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="541"/>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="542"/>
        <location filename="../../app/sync_panel.py" line="550"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="542"/>
        <location filename="../../app/sync_panel.py" line="551"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="543"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>DrawAreaTool</name>
    <message>
        <location filename="../../app/tools.py" line="85"/>
        <source>Not on the map: click again</source>
        <translation>不在地图上，请重新点击</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <location filename="../../app/sync_panel.py" line="114"/>
        <source>Edit {0}</source>
        <translation>编辑 {0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="129"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="130"/>
        <source>Now</source>
        <translation>当前值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="131"/>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="163"/>
        <location filename="../../app/sync_panel.py" line="172"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="188"/>
        <source>Not a number: {0}</source>
        <translation>不是数字：{0}</translation>
    </message>
</context>
<context>
    <name>ExportCli</name>
    <message>
        <location filename="../../app/export_cli.py" line="18"/>
        <source>{out}: {n} layers, {bytes} bytes, SHA-256 {sha256} (profile {profile}; recorded in the cache&apos;s trail)</source>
        <translation>{out}：{n} 个图层，{bytes} 字节，SHA-256 {sha256}（脱敏方案 {profile}；已记入缓存留痕）</translation>
    </message>
    <message>
        <location filename="../../app/export_cli.py" line="20"/>
        <source>  {layer}: {features} features, {how}</source>
        <translation>  {layer}：{features} 个要素，{how}</translation>
    </message>
    <message>
        <location filename="../../app/export_cli.py" line="21"/>
        <source>  left out: {layer} ({grade}{secret}), which the profile does not let out</source>
        <translation>  未导出：{layer}（{grade}{secret}），该方案不允许导出</translation>
    </message>
    <message>
        <location filename="../../app/export_cli.py" line="23"/>
        <source>as it is</source>
        <translation>原样导出</translation>
    </message>
    <message>
        <location filename="../../app/export_cli.py" line="24"/>
        <source>de-sensitised</source>
        <translation>已脱敏</translation>
    </message>
</context>
<context>
    <name>FailuresDialog</name>
    <message>
        <location filename="../../app/bim_panel.py" line="67"/>
        <source>Elements without geometry</source>
        <extracomment>Spatial containers: in the spatial tab as branches, not listed in the class tab unless drawn.</extracomment>
        <translation>未生成几何的构件</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="70"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="70"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="70"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="71"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>GradeBanner</name>
    <message>
        <location filename="../../app/grade_banner.py" line="22"/>
        <source>{0}: for authorised use only; anything shared leaves de-sensitised and on the record ({1})</source>
        <translation>{0}：仅限授权使用；对外提供须经脱敏并留痕（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="24"/>
        <source>Core data</source>
        <translation>核心数据</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="25"/>
        <source>Important data</source>
        <translation>重要数据</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="26"/>
        <source>General data</source>
        <translation>一般数据</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="27"/>
        <source>core</source>
        <translation>核心</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="28"/>
        <source>important</source>
        <translation>重要</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="29"/>
        <source>general</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="30"/>
        <source>secret</source>
        <translation>涉密</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="31"/>
        <source>Data grade: {0} (GB/T 43697-2024)</source>
        <translation>数据分级：{0}（GB/T 43697-2024）</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="32"/>
        <source>Positions are sensitive</source>
        <translation>位置为敏感信息</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="33"/>
        <source>Sensitive fields: {0}</source>
        <translation>敏感字段：{0}</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="34"/>
        <source>Personal fields (masked on export): {0}</source>
        <translation>个人信息字段（导出时屏蔽）：{0}</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="35"/>
        <source>Stated by the platform</source>
        <translation>由平台标定</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="36"/>
        <source>Data grade</source>
        <translation>数据分级</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="37"/>
        <source>the cache is encrypted</source>
        <translation>缓存已加密</translation>
    </message>
    <message>
        <location filename="../../app/grade_banner.py" line="38"/>
        <source>the cache is NOT encrypted</source>
        <translation>缓存未加密</translation>
    </message>
</context>
<context>
    <name>HousingPanel</name>
    <message>
        <location filename="../../app/housing_panel.py" line="51"/>
        <source>White model (no theme)</source>
        <extracomment>what the buildings show while a filter is on: the matches in the legend&apos;s colours</extracomment>
        <translation>白模（无专题）</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="52"/>
        <source>Safety grade</source>
        <translation>安全等级</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="53"/>
        <source>Year built</source>
        <translation>建成年代</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="54"/>
        <source>Age at the time shown</source>
        <translation>房龄（所示年份）</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="55"/>
        <source>Structure</source>
        <translation>结构类型</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="56"/>
        <source>Tenure</source>
        <translation>产权性质</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="57"/>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="65"/>
        <source>Safety grade {0} (JGJ 125)</source>
        <translation>安全等级 {0}（JGJ 125）</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="69"/>
        <source>Built before</source>
        <translation>建成早于</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="79"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="80"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="92"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="94"/>
        <source>Safety grade:</source>
        <translation>安全等级：</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="102"/>
        <source>Style:</source>
        <translation>样式：</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="192"/>
        <source>{0} of {1} buildings match</source>
        <translation>符合条件的建筑：{0} / {1}</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../../app/import_words.py" line="18"/>
        <source>, new</source>
        <translation>，新建</translation>
    </message>
    <message>
        <location filename="../../app/import_words.py" line="19"/>
        <source>{file} [{format}] → {cache} ({crs}{new})</source>
        <translation>{file} [{format}] → {cache}（{crs}{new}）</translation>
    </message>
    <message>
        <location filename="../../app/import_words.py" line="20"/>
        <source>{read} read, {imported} imported ({replaced} replaced), {rejected} rejected, {repaired} repaired, {estimated} heights estimated in {seconds:.1f} s</source>
        <translation>读取 {read}，导入 {imported}（替换 {replaced}），拒绝 {rejected}，修复 {repaired}，估算高度 {estimated}，用时 {seconds:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/import_words.py" line="23"/>
        <source>rejected {n}: {reason}</source>
        <translation>拒绝 {n} 个：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/import_words.py" line="24"/>
        <source>repaired {feature}: {problem}</source>
        <translation>已修复 {feature}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/import_words.py" line="25"/>
        <source>and {n} more repaired</source>
        <translation>另有 {n} 个已修复</translation>
    </message>
    <message>
        <location filename="../../app/import_words.py" line="26"/>
        <source>warning: {warning}</source>
        <translation>警告：{warning}</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../app/layer_panel.py" line="55"/>
        <source>other values</source>
        <extracomment>The field of the pipelines whose classes get a check box each. Words of the legend rows that are not in the layer&apos;s style.</extracomment>
        <translation>其他值</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="108"/>
        <source>Layer</source>
        <extracomment>The layers a bookmark saved before the map had context layers could name (issue 11). scene key, on: for a window that still draws by scene keys</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="108"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="108"/>
        <location filename="../../app/layer_panel.py" line="234"/>
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="140"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="140"/>
        <source>Add a layer from a file or the cache</source>
        <translation>从文件或缓存添加图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="142"/>
        <location filename="../../app/layer_panel.py" line="537"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="142"/>
        <source>Remove the layer from the map</source>
        <translation>从地图中移除该图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="144"/>
        <source>Move the layer up (drawn above)</source>
        <translation>上移图层（绘制在上层）</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="146"/>
        <source>Move the layer down</source>
        <translation>下移图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="148"/>
        <location filename="../../app/layer_panel.py" line="534"/>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="148"/>
        <source>Colours, classes and labels</source>
        <translation>颜色、分类和标注</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="150"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="150"/>
        <source>Zoom to the layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="152"/>
        <source>Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="152"/>
        <source>Open the attribute table</source>
        <translation>打开属性表</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="533"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="535"/>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="536"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
</context>
<context>
    <name>LayerTree</name>
    <message>
        <location filename="../../app/cache_summary.py" line="22"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="22"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="22"/>
        <source>Geometry</source>
        <translation>几何类型</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="23"/>
        <source>Extent</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="23"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="28"/>
        <source>Polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="28"/>
        <source>Lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="29"/>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="31"/>
        <source>{0}, 3D</source>
        <translation>{0}（三维）</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="43"/>
        <location filename="../../app/cache_summary.py" line="46"/>
        <source>DEM</source>
        <translation>数字高程模型</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="43"/>
        <source>raster, {0} m cells</source>
        <translation>栅格，{0} 米格网</translation>
    </message>
    <message>
        <location filename="../../app/cache_summary.py" line="46"/>
        <source>none in this cache</source>
        <translation>本缓存中没有</translation>
    </message>
</context>
<context>
    <name>LegendWidget</name>
    <message>
        <location filename="../../app/legend.py" line="57"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/legend.py" line="57"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/legend.py" line="99"/>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location filename="../../app/legend.py" line="129"/>
        <source>Standard colour {0}, shown as {1} on the dark background</source>
        <translation>标准颜色 {0}，深色背景下显示为 {1}</translation>
    </message>
    <message>
        <location filename="../../app/legend.py" line="137"/>
        <source>Black ({0}) is shown as light grey {1} on the dark background: a legible substitute, not the CJJ 61 colour.</source>
        <translation>黑色（{0}）在深色背景下显示为浅灰 {1}：为便于辨认的替代色，并非 CJJ 61 规定颜色。</translation>
    </message>
</context>
<context>
    <name>LodDialog</name>
    <message>
        <location filename="../../app/lod_dialog.py" line="79"/>
        <source>Level of detail</source>
        <extracomment>Keys in the user&apos;s settings.</extracomment>
        <translation>细节层次</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="83"/>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="88"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="90"/>
        <source>Coarser far tiles when looking at the horizon</source>
        <translation>平视远方时远处瓦片更粗略</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="92"/>
        <source>Haze over the far city near the ground</source>
        <translation>近地面时远处城市笼罩薄雾</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="97"/>
        <source> km</source>
        <translation> 公里</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="102"/>
        <source>Largest error on screen</source>
        <translation>屏幕上允许的最大误差</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="103"/>
        <source>Memory for tiles</source>
        <translation>瓦片可用内存</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="106"/>
        <source>Visibility in the haze</source>
        <translation>薄雾中的能见距离</translation>
    </message>
    <message>
        <location filename="../../app/lod_dialog.py" line="108"/>
        <source>Tiles are drawn in more detail until what a simpler tile would leave out is smaller than this many pixels on screen (16 px, as CesiumJS and QGIS). A smaller number draws more detail and costs more. When the memory for tiles is used up, the tiles used least recently are let go and far tiles stay coarser. Seen from near the ground, the far city is drawn coarser still, as CesiumJS does: a street view then costs far less, and what changes is kilometres away. The haze fades the far city into the sky&apos;s colour, as CesiumJS&apos;s fog does: the first fifth of the visibility stays clear, and what lies beyond the visibility is lost in the haze and not drawn. It thins out as the camera rises and is gone from above.</source>
        <translation>瓦片会逐级细化，直到较简单的瓦片所省略的内容在屏幕上小于这个像素数（16 像素，与 CesiumJS 和 QGIS 相同）。数值越小，绘制越精细，开销也越大。瓦片内存用尽时，最久未用的瓦片先被释放，远处瓦片保持较粗略。从近地面平视时，远处城市绘制得更粗略（与 CesiumJS 相同）：街景视角的开销因此大为减少，变化只出现在数公里之外。薄雾让远处城市渐渐融入天空的颜色（与 CesiumJS 的雾效相同）：能见距离的前五分之一保持清晰，能见距离之外的部分完全隐没在雾中，不再绘制。相机升高时薄雾渐淡，俯视时没有薄雾。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="130"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="131"/>
        <source>Housing stock</source>
        <translation>房屋专题</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="133"/>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="137"/>
        <source>Pipeline legend</source>
        <translation>管线图例</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="142"/>
        <source>BIM</source>
        <translation>BIM</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="145"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="148"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="159"/>
        <source>City over time</source>
        <translation>城市历年变化</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="166"/>
        <source>Plan review</source>
        <translation>方案审查</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="179"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="180"/>
        <source>Stop loading the BIM model</source>
        <translation>停止加载 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="227"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="228"/>
        <source>&amp;Open cache…</source>
        <translation>打开缓存(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="230"/>
        <source>&amp;Import file…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="231"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="236"/>
        <source>Open &amp;BIM…</source>
        <translation>打开 &amp;BIM…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="238"/>
        <source>&amp;Place BIM manually…</source>
        <translation>手动放置 BIM(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="240"/>
        <source>&amp;Close BIM</source>
        <translation>关闭 BIM(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="246"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="249"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="250"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="252"/>
        <source>&amp;Top view</source>
        <translation>俯视(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="253"/>
        <source>&amp;North up</source>
        <translation>正北朝上(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="254"/>
        <source>Zoom to &amp;layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="256"/>
        <source>&amp;Fly to the selection</source>
        <translation>飞到所选要素(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="259"/>
        <source>&amp;Underground mode</source>
        <translation>地下模式(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="262"/>
        <source>&amp;Hide buildings underground</source>
        <translation>地下模式隐藏建筑(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="266"/>
        <source>&amp;Level of detail…</source>
        <translation>细节层次(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="270"/>
        <source>&amp;Styles</source>
        <translation>样式(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="272"/>
        <source>Pipelines in the CJJ 61 &amp;standard colours</source>
        <translation>管线使用 CJJ 61 标准颜色(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="275"/>
        <source>Terrain tinted by &amp;elevation</source>
        <translation>地形按高程着色(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="278"/>
        <source>Smart poles by number of &amp;devices</source>
        <translation>智慧杆按挂载设备数量着色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="291"/>
        <location filename="../../app/main_window.py" line="296"/>
        <source>Terrain opacity</source>
        <translation>地形不透明度</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="293"/>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="298"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="307"/>
        <source>&amp;Search…</source>
        <translation>搜索(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="312"/>
        <source>&amp;Layer</source>
        <translation>图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="313"/>
        <source>&amp;Add layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="316"/>
        <source>Add 3D &amp;Tiles layer…</source>
        <translation>添加三维瓦片图层(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="319"/>
        <source>&amp;Style…</source>
        <translation>样式(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="321"/>
        <source>Attribute &amp;table</source>
        <translation>属性表(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="324"/>
        <source>S&amp;cenario</source>
        <translation>方案(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="76"/>
        <source>&amp;New scenario…</source>
        <translation>新建方案(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="78"/>
        <source>&amp;Import planned features into the scenario shown…</source>
        <translation>向当前方案导入规划要素(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="81"/>
        <source>Add the open &amp;BIM to the scenario shown…</source>
        <translation>将打开的 BIM 加入当前方案(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="83"/>
        <source>&amp;Plan a building on the measured area…</source>
        <translation>在量测的范围上规划建筑(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="325"/>
        <source>&amp;Review</source>
        <translation>审查(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="326"/>
        <source>&amp;Run review</source>
        <translation>运行审查(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="327"/>
        <source>&amp;Cancel review</source>
        <translation>取消审查(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="330"/>
        <source>Rule &amp;set…</source>
        <translation>规则集(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="334"/>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="337"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="338"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="339"/>
        <source>&amp;About cimview</source>
        <translation>关于 cimview(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="376"/>
        <source>Cannot open cache</source>
        <translation>无法打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="393"/>
        <source>CRS {0}  Height datum {1}</source>
        <translation>坐标系 {0}  高程基准 {1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="395"/>
        <source>Extent {0}</source>
        <translation>范围 {0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="407"/>
        <source>The city as it is now</source>
        <translation>城市现状</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="408"/>
        <source>The city as it stood in {0}</source>
        <translation>{0} 年时的城市</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="478"/>
        <source>Scene built in {0:.1f} s</source>
        <translation>场景构建用时 {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="489"/>
        <source>No BIM worker started ahead: {0}</source>
        <translation>未能预先启动 BIM 加载进程：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="493"/>
        <source>Cannot draw the city: {0}</source>
        <translation>无法绘制城市：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="494"/>
        <source>Cannot draw the city</source>
        <translation>无法绘制城市</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="897"/>
        <source>Layer {0}: {1}</source>
        <translation>图层 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="91"/>
        <source>Search is not available: {0}</source>
        <translation>搜索不可用：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="94"/>
        <source>Building the search index…</source>
        <translation>正在建立搜索索引…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="154"/>
        <location filename="../../app/controllers/search.py" line="223"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="214"/>
        <source>No address lookup: {0}</source>
        <translation>无法查询地址：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="222"/>
        <source>Standard address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="226"/>
        <source>Nearest standard address</source>
        <translation>最近标准地址</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="227"/>
        <source>{0} ({1}, {2:.0f} m)</source>
        <translation>{0}（{1}，{2:.0f} 米）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/search.py" line="230"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="738"/>
        <source>X {0:.2f}  Y {1:.2f}</source>
        <translation>X {0:.2f}  Y {1:.2f}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="740"/>
        <source>  lon {0:.6f}°  lat {1:.6f}°</source>
        <translation>  经度 {0:.6f}°  纬度 {1:.6f}°</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="742"/>
        <source>  height {0:.1f} m</source>
        <translation>  高程 {0:.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bookmarks.py" line="31"/>
        <source>&amp;Save current view…</source>
        <translation>保存当前视图(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bookmarks.py" line="51"/>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bookmarks.py" line="52"/>
        <location filename="../../app/controllers/scenarios.py" line="55"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="760"/>
        <source>Open cache</source>
        <translation>打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="761"/>
        <source>cimview caches (*.gpkg)</source>
        <translation>cimview 缓存 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="34"/>
        <source>Import into this cache</source>
        <translation>导入到当前缓存</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="35"/>
        <source>City data (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff *.gml *.xml *.gz *.inp *.csv *.xlsx *.gdbtable gdb);;All files (*)</source>
        <translation>城市数据 (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff *.gml *.xml *.gz *.inp *.csv *.xlsx *.gdbtable gdb);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="53"/>
        <source>Buildings (footprints)</source>
        <translation>建筑（轮廓）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="54"/>
        <source>Pipelines (a pipeline survey)</source>
        <translation>管线（管线普查数据）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="56"/>
        <source>Pipe points</source>
        <translation>管点</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="59"/>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="60"/>
        <source>What does {0} hold?</source>
        <translation>{0} 包含什么数据？</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="70"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="71"/>
        <source>{0} has {1} layers. Which one?</source>
        <translation>{0} 有 {1} 个图层，导入哪一个？</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="80"/>
        <source>The CityJSON header of {0} (e.g. metadata.city.json)</source>
        <translation>{0} 的 CityJSON 文件头（如 metadata.city.json）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="83"/>
        <source>CityJSON (*.json);;All files (*)</source>
        <translation>CityJSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="103"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="111"/>
        <source>Importing {0}: {1} ({2} %)</source>
        <translation>正在导入 {0}：{1}（{2} %）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="124"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="130"/>
        <source>Import failed; the cache is unchanged</source>
        <translation>导入失败，缓存未改动</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="132"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../app/controllers/importing.py" line="133"/>
        <source>{0}

The cache is unchanged.</source>
        <translation>{0}

缓存未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="85"/>
        <source>Open BIM model</source>
        <extracomment>A georeferenced model whose base is farther than this from the terrain gets a note (m).</extracomment>
        <translation>打开 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="86"/>
        <source>IFC models (*.ifc);;All files (*)</source>
        <translation>IFC 模型 (*.ifc);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="106"/>
        <source>{0} %p%</source>
        <translation>{0} %p%</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="110"/>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="121"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="142"/>
        <source>Loading the BIM model was cancelled</source>
        <translation>已取消加载 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="146"/>
        <source>Cannot open the BIM model</source>
        <translation>无法打开 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="148"/>
        <source>Cannot open BIM model</source>
        <translation>无法打开 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="186"/>
        <source>{0}: {1} elements, {2} failed</source>
        <translation>{0}：{1} 个构件，{2} 个失败</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="249"/>
        <source>Cannot find the white models under the BIM: {0}</source>
        <translation>无法查找 BIM 下的白模：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="319"/>
        <location filename="../../app/controllers/bim.py" line="331"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="321"/>
        <source>{0} — placed by hand</source>
        <translation>{0} — 手动放置</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="323"/>
        <source>{0} — placed provisionally</source>
        <translation>{0} — 临时放置</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="324"/>
        <source>the cache CRS ({0})</source>
        <translation>缓存坐标系（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="328"/>
        <source> (the file says {0:g})</source>
        <translation>（文件中为 {0:g}）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="333"/>
        <source>E {0:.3f}  N {1:.3f}  H {2:.3f}</source>
        <translation>E {0:.3f}  N {1:.3f}  H {2:.3f}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="335"/>
        <source>{0:.4f}° from grid east</source>
        <translation>自坐标东向 {0:.4f}°</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="342"/>
        <source>Georeferenced by the file&apos;s {0}</source>
        <translation>按文件中的 {0} 地理配准</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="344"/>
        <source>Placed by hand (saved with the model in this cache)</source>
        <translation>手动放置（已随模型保存在本缓存中）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="346"/>
        <source>Approximate: placed from the site&apos;s latitude and longitude, set on the terrain. Check it, or place it manually.</source>
        <translation>近似位置：按场地经纬度放置并落在地形上。请核对，或手动放置。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="350"/>
        <source>Approximate: the file&apos;s georeferencing puts the model outside this city; shown provisionally at the view centre on the terrain. Place it manually.</source>
        <translation>近似位置：文件的地理配准把模型放在本城区之外；现临时显示在视图中心的地形上。请手动放置。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="354"/>
        <source>Not georeferenced: shown provisionally at the view centre on the terrain. Place it manually.</source>
        <translation>未地理配准：临时显示在视图中心的地形上。请手动放置。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="363"/>
        <source>; its lowest point is {0:+.1f} m from the terrain</source>
        <translation>；最低点与地形相差 {0:+.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="460"/>
        <source>No properties: {0}</source>
        <translation>没有属性：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="465"/>
        <source>IFC class</source>
        <translation>IFC 类别</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="466"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="468"/>
        <source>IFC id</source>
        <translation>IFC 编号</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="471"/>
        <source>Storey</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="489"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="489"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="522"/>
        <source>Placement not saved</source>
        <translation>放置未保存</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="555"/>
        <source>Place the BIM: pick a point on the map, set the rotation and the elevation, then Save</source>
        <translation>放置 BIM：在地图上拾取一点，设置旋转角和标高，然后保存</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="581"/>
        <source>Click in the 3D view where the centre of the building goes</source>
        <translation>在三维视图中点击建筑中心要放置的位置</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="598"/>
        <source>Not on the terrain: pick again</source>
        <translation>不在地形上：请重新拾取</translation>
    </message>
    <message>
        <location filename="../../app/controllers/bim.py" line="621"/>
        <source>Placement saved with the model</source>
        <translation>放置已随模型保存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="880"/>
        <source>Fly to the selection</source>
        <translation>飞到所选要素</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="881"/>
        <source>Search addresses, buildings, roads, parcels, poles</source>
        <translation>搜索地址、建筑、道路、地块、杆件</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="883"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="886"/>
        <source>About cimview</source>
        <translation>关于 cimview</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="887"/>
        <source>cimview: the desktop client of a city&apos;s CIM base platform.</source>
        <translation>cimview：城市信息模型（CIM）基础平台的桌面客户端。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/tile_problems.py" line="51"/>
        <source>Layer {0}: a tile could not be read and is left out: {1}</source>
        <extracomment>How long the sentence stays in the status bar (ms). Tiles failed so far by layer name, and the first reason.</extracomment>
        <translation>图层 {0}：有一个瓦片无法读取，已略去：{1}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/tile_problems.py" line="54"/>
        <source>Layer {0}: {1} tiles could not be read and are left out; the first: {2}</source>
        <translation>图层 {0}：有 {1} 个瓦片无法读取，已略去；第一个：{2}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="45"/>
        <location filename="../../app/controllers/scenarios.py" line="113"/>
        <source>New scenario</source>
        <translation>新建方案</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="47"/>
        <source>e.g. 方案C</source>
        <translation>例如 方案C</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="49"/>
        <source>The recorded city (nothing planned)</source>
        <translation>现状城市（不含规划）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="56"/>
        <source>Builds on:</source>
        <translation>基于：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="57"/>
        <source>What it plans:</source>
        <translation>规划内容：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="85"/>
        <source>Plan the &amp;removal of the selected features…</source>
        <translation>规划拆除所选要素(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="88"/>
        <source>&amp;Open a BIM planned in the scenario shown…</source>
        <translation>打开当前方案规划的 BIM(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="118"/>
        <source>Scenario {0} created: import its planned features, then push it from Field work</source>
        <translation>已创建方案 {0}：请导入其规划要素，然后在“外业”菜单中推送</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="147"/>
        <location filename="../../app/controllers/scenarios.py" line="162"/>
        <source>Add the BIM to the scenario</source>
        <translation>将 BIM 加入方案</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="148"/>
        <source>Open a BIM model and choose a scenario in the time bar first.</source>
        <translation>请先打开 BIM 模型，并在时间栏中选择方案。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="153"/>
        <source>The year {0} is planned to stand:</source>
        <translation>{0} 计划建成的年份：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="165"/>
        <source>{0} added to the scenario, planned for {1}</source>
        <translation>{0} 已加入方案，计划 {1} 年建成</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="180"/>
        <location filename="../../app/controllers/scenarios.py" line="188"/>
        <location filename="../../app/controllers/scenarios.py" line="203"/>
        <source>Plan a building</source>
        <translation>规划建筑</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="181"/>
        <source>Choose a scenario in the time bar, then draw the building&apos;s outline with Measure ▸ Measure area (click its corners, double-click the last).</source>
        <translation>请先在时间栏中选择方案，再用 量测 ▸ 量面积 画出建筑轮廓（依次点击各角点，双击最后一点）。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="190"/>
        <source>Its height (m):</source>
        <translation>建筑高度（米）：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="195"/>
        <source>The year the building is planned to stand:</source>
        <translation>计划建成年份：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="206"/>
        <source>A building of {0:.0f} m planned for {1}</source>
        <translation>已规划一栋 {0:.0f} 米高的建筑，计划 {1} 年建成</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="216"/>
        <source>Plan a removal</source>
        <translation>规划拆除</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="219"/>
        <source>Choose a scenario in the time bar, then select what to remove: click it on the map, or select its rows in the attribute table.</source>
        <translation>请先在时间条中选择方案，再选择要拆除的对象：在地图上点击它，或在属性表中选中其行。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="226"/>
        <source>The year the {0} selected features are removed:</source>
        <translation>所选 {0} 个要素的拆除年份：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="238"/>
        <source>{0} features planned to be removed in {1}</source>
        <translation>已规划于 {1} 年拆除 {0} 个要素</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="249"/>
        <source>Open a planned BIM</source>
        <translation>打开规划的 BIM</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="253"/>
        <source>The scenario shown plans no BIM kept in this cache: choose a scenario in the time bar, or add the open BIM to it (Scenario ▸ Add the open BIM).</source>
        <translation>当前方案没有保存在此缓存中的规划 BIM：请在时间条中选择方案，或将打开的 BIM 加入方案（方案 ▸ 将打开的 BIM 加入当前方案）。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="256"/>
        <source>The BIMs this scenario plans are no longer kept in this cache: open their IFC files.</source>
        <translation>此方案规划的 BIM 已不在此缓存中：请打开其 IFC 文件。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="262"/>
        <source>{0} ({1}, from {2})</source>
        <translation>{0}（{1}，自 {2} 起）</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="265"/>
        <source>BIM to open:</source>
        <translation>要打开的 BIM：</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="290"/>
        <source>Import planned features</source>
        <translation>导入规划要素</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="291"/>
        <source>Choose a scenario in the time bar first (or create one: Scenario ▸ New scenario).</source>
        <translation>请先在时间栏中选择方案（或通过 方案 ▸ 新建方案 创建）。</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="298"/>
        <source>Planned features for {0}</source>
        <translation>{0} 的规划要素</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="300"/>
        <source>City data (*.geojson *.json *.gpkg *.shp);;All files (*)</source>
        <translation>城市数据 (*.geojson *.json *.gpkg *.shp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="127"/>
        <source>Planned for</source>
        <translation>规划年份</translation>
    </message>
    <message>
        <location filename="../../app/controllers/scenarios.py" line="306"/>
        <source>The year the features of {0} are planned for (where the file gives none):</source>
        <translation>{0} 中要素的规划年份（文件未给出时采用）：</translation>
    </message>
</context>
<context>
    <name>MapSaver</name>
    <message>
        <location filename="../../app/controllers/map_saver.py" line="67"/>
        <source>The map could not be saved in the cache: {0}</source>
        <extracomment>How long after the last change the map is saved (ms).</extracomment>
        <translation>地图未能保存到缓存：{0}</translation>
    </message>
</context>
<context>
    <name>MeasureController</name>
    <message>
        <location filename="../../app/measure.py" line="395"/>
        <location filename="../../app/measure.py" line="409"/>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="404"/>
        <source>Measure &amp;distance</source>
        <translation>量距(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="405"/>
        <source>Measure &amp;height</source>
        <translation>量高(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="406"/>
        <source>Measure &amp;area</source>
        <translation>量面积(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="407"/>
        <source>Measure &amp;elevation</source>
        <translation>查询高程(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="408"/>
        <source>&amp;Measure</source>
        <translation>测量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="447"/>
        <source>vertical datum unknown</source>
        <translation>高程基准未知</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="448"/>
        <source>1985 National Height Datum</source>
        <translation>1985国家高程基准</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="449"/>
        <source>1956 Yellow Sea Height System</source>
        <translation>1956年黄海高程系</translation>
    </message>
</context>
<context>
    <name>MeasurePanel</name>
    <message>
        <location filename="../../app/measure.py" line="140"/>
        <source>Copy</source>
        <extracomment>The measure tools, by mode. A vertex or edge closer than this to the cursor (logical pixels) catches the point. At most this many faces of one feature are searched for a vertex or edge (the nearest). Terrain samples across an area for its surface area (per side).</extracomment>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="141"/>
        <source>Copy the result to the clipboard</source>
        <translation>将结果复制到剪贴板</translation>
    </message>
</context>
<context>
    <name>MeasureTool</name>
    <message>
        <location filename="../../app/measure.py" line="206"/>
        <source>Nothing there to measure: click the city</source>
        <extracomment>The last result: a dict of numbers (m, m²) by name; empty before one.</extracomment>
        <translation>此处没有可量测的对象：请点击城市模型</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="270"/>
        <source>Measure distance: click points on the map; double-click or Enter finishes, Esc cancels</source>
        <translation>量距：在地图上依次点击各点；双击或按 Enter 结束，按 Esc 取消</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="272"/>
        <source>Measure height: click a building or a BIM element (or any point: its height above the ground)</source>
        <translation>量高：点击建筑或 BIM 构件（也可点击任意一点，量其离地高度）</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="274"/>
        <source>Measure area: click the corners; double-click or Enter finishes, Esc cancels</source>
        <translation>量面积：依次点击各角点；双击或按 Enter 结束，按 Esc 取消</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="276"/>
        <source>Measure elevation: click a point</source>
        <translation>查询高程：点击一点</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="285"/>
        <source>Horizontal {0:.2f} m
Vertical {1:+.2f} m
Slope {2:.2f} m</source>
        <translation>水平距离 {0:.2f} 米
垂直高差 {1:+.2f} 米
斜距 {2:.2f} 米</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="291"/>
        <source>Area {0:.2f} m² (horizontal)
Perimeter {1:.2f} m</source>
        <translation>面积 {0:.2f} 平方米（水平投影）
周长 {1:.2f} 米</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="297"/>
        <source>On the terrain {0:.2f} m²</source>
        <translation>贴地表面积 {0:.2f} 平方米</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="299"/>
        <source>{0} point(s): click the next one</source>
        <translation>已点 {0} 个点：请点击下一点</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="311"/>
        <source>Building {0}</source>
        <translation>建筑 {0}</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="317"/>
        <source>BIM element {0}</source>
        <translation>BIM 构件 {0}</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="322"/>
        <source>No ground under this point</source>
        <translation>此点下方没有地面</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="326"/>
        <source>Point</source>
        <translation>该点</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="330"/>
        <source>{0}: height {1:.2f} m above the ground
(top {2:.2f} m, ground {3:.2f} m)</source>
        <translation>{0}：离地高度 {1:.2f} 米
（顶部 {2:.2f} 米，地面 {3:.2f} 米）</translation>
    </message>
    <message>
        <location filename="../../app/measure.py" line="340"/>
        <source>Elevation {0:.2f} m ({1})
X {2:.2f}  Y {3:.2f}</source>
        <translation>高程 {0:.2f} 米（{1}）
X {2:.2f}  Y {3:.2f}</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="76"/>
        <source>Encrypt the new cache</source>
        <translation>加密新缓存</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="78"/>
        <source>{0} will hold the city&apos;s data on this computer. Encrypted, nobody who copies the file can read it without the passphrase. Passphrase (at least {1} characters):</source>
        <translation>{0} 将在本机保存城市数据。加密后，复制该文件的人没有口令就无法读取。口令（至少 {1} 个字符）：</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="89"/>
        <source>The same passphrase again</source>
        <translation>再次输入同一口令</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="90"/>
        <source>Remember its key in the system keyring</source>
        <translation>在系统密钥环中记住其密钥</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="98"/>
        <source>Encrypt</source>
        <translation>加密</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="100"/>
        <source>Keep it plain</source>
        <translation>不加密</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="111"/>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>口令至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="114"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>ObservationDialog</name>
    <message>
        <location filename="../../app/sync_panel.py" line="481"/>
        <source>Record observation</source>
        <translation>记录巡查</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="490"/>
        <source>What you see, where exactly, what was done</source>
        <translation>看到了什么、具体位置、做了什么</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="497"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="500"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="501"/>
        <source>Severity (1–5)</source>
        <translation>严重程度（1–5）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="502"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="503"/>
        <source>X (cache CRS)</source>
        <translation>X（缓存坐标系）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="504"/>
        <source>Y (cache CRS)</source>
        <translation>Y（缓存坐标系）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="505"/>
        <source>Linked feature</source>
        <translation>关联要素</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="505"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="506"/>
        <location filename="../../app/sync_panel.py" line="515"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="516"/>
        <source>Images (*.jpg *.jpeg *.png);;All (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png);;全部 (*)</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="30"/>
        <source>Encrypted cache</source>
        <translation>加密的缓存</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="32"/>
        <source>{0} is encrypted. Its passphrase:</source>
        <translation>{0} 已加密。请输入口令：</translation>
    </message>
    <message>
        <location filename="../../app/passphrase_dialog.py" line="39"/>
        <source>Remember its key in the system keyring</source>
        <translation>在系统密钥环中记住其密钥</translation>
    </message>
</context>
<context>
    <name>PlacementDialog</name>
    <message>
        <location filename="../../app/bim_panel.py" line="104"/>
        <source>Place BIM manually</source>
        <translation>手动放置 BIM</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="107"/>
        <source>Click “Pick on map”, then click the spot in the 3D view where the centre of the building goes.</source>
        <translation>点击“在地图上拾取”，然后在三维视图中点击建筑中心要放置的位置。</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="115"/>
        <source>Pick on map</source>
        <translation>在地图上拾取</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="118"/>
        <source>On the terrain</source>
        <translation>落到地形上</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="119"/>
        <source>Set the elevation to the terrain height at the point</source>
        <translation>把标高设为该点的地形高度</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="121"/>
        <source>Easting (X)</source>
        <translation>东坐标 (X)</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="122"/>
        <source>Northing (Y)</source>
        <translation>北坐标 (Y)</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="124"/>
        <source>Rotation (counter-clockwise from east)</source>
        <translation>旋转角（自东向逆时针）</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="128"/>
        <source>Elevation of ±0.000</source>
        <translation>±0.000 标高</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../app/i18n.py" line="20"/>
        <source>&amp;Look in:</source>
        <extracomment>Labels of Qt&apos;s own file dialog that Qt&apos;s zh_CN catalogue leaves in English: translated in cimview&apos;s catalogue (Qt asks the translators installed later first, then ours).</extracomment>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="21"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../app/review_panel.py" line="42"/>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="42"/>
        <source>fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="43"/>
        <source>not assessable</source>
        <translation>无法评估</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="83"/>
        <source>Run review</source>
        <translation>运行审查</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="100"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="100"/>
        <source>Value</source>
        <translation>实测值</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="101"/>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="101"/>
        <source>Clause</source>
        <translation>条款</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="102"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="128"/>
        <location filename="../../app/review_panel.py" line="326"/>
        <location filename="../../app/controllers/review.py" line="277"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="135"/>
        <source>Sunlight hours with the proposal</source>
        <translation>建设后日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="196"/>
        <source>Open a proposal (File ▸ Open BIM…), then Review ▸ Run review.</source>
        <translation>请先打开报建方案（文件 ▸ 打开 BIM…），再选择 审查 ▸ 运行审查。</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="203"/>
        <source>{0} on parcel {1}: {2} — {3} pass, {4} fail, {5} not assessable</source>
        <translation>{0}（地块 {1}）：{2} — {3} 项通过，{4} 项不通过，{5} 项无法评估</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="208"/>
        <source>Rule set: {0} ({1})</source>
        <translation>规则集：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="257"/>
        <source>Elements: {0}</source>
        <translation>构件：{0}</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="260"/>
        <source>{0} rows of detail in the report</source>
        <translation>报告中有 {0} 行明细</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="269"/>
        <source>Shadow: no sunlight rule</source>
        <translation>阴影：规则集中没有日照规则</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="277"/>
        <source>Shadow on {0} ({1}) at {2} Beijing time</source>
        <translation>{0}（{1}）北京时间 {2} 的阴影</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="325"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="337"/>
        <source>&lt; {0} h</source>
        <translation>&lt; {0} 小时</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="339"/>
        <source>≥ {0} h</source>
        <translation>≥ {0} 小时</translation>
    </message>
    <message>
        <location filename="../../app/review_panel.py" line="340"/>
        <source>{0}–{1} h</source>
        <translation>{0}–{1} 小时</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="131"/>
        <source>Rule set</source>
        <extracomment>How steeply the camera looks down at a sunlight finding&apos;s facades (degrees). The shadow&apos;s animation: minutes of the day per step, and milliseconds per step.</extracomment>
        <translation>规则集</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="132"/>
        <source>Rule sets (*.json);;All files (*)</source>
        <translation>规则集 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="143"/>
        <source>Open a proposal first: File ▸ Open BIM…</source>
        <translation>请先打开报建方案：文件 ▸ 打开 BIM…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="164"/>
        <source>Cancelling the review…</source>
        <translation>正在取消审查…</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="183"/>
        <source>The review cannot be drawn: {0}</source>
        <translation>审查结果无法绘制：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="188"/>
        <source>Review finished in {0:.0f} s: {1} pass, {2} fail, {3} not assessable</source>
        <translation>审查完成，用时 {0:.0f} 秒：{1} 项通过，{2} 项不通过，{3} 项无法评估</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="198"/>
        <source>The review failed: {0}</source>
        <translation>审查失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controllers/review.py" line="202"/>
        <source>The review was cancelled</source>
        <translation>审查已取消</translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <location filename="../../app/review/words.py" line="35"/>
        <source>Building design proposal review report</source>
        <translation>建筑设计方案审查报告</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="36"/>
        <source>The model checked against its parcel&apos;s planning conditions, fire spacing, sunlight and the city&apos;s delivery requirements</source>
        <translation>对照地块规划条件、防火间距、日照及城市交付要求审查模型</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="39"/>
        <source>Overall result</source>
        <translation>审查结论</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="40"/>
        <source>{passed} rules pass, {failed} fail, {na} not assessable</source>
        <translation>{passed} 项通过，{failed} 项不通过，{na} 项无法评估</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="42"/>
        <source>1 Project, model and data</source>
        <translation>一、项目、模型与数据</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="43"/>
        <source>2 Parameters</source>
        <translation>二、计算参数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="44"/>
        <source>3 Rules and results</source>
        <translation>三、审查规则与结果</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="45"/>
        <source>4 Screenshots</source>
        <translation>四、截图</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="46"/>
        <source>5 Findings in detail</source>
        <translation>五、审查明细</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="47"/>
        <source>6 Sunlight per receiver</source>
        <translation>六、逐点日照</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="48"/>
        <source>7 Failing elements (GlobalId)</source>
        <translation>七、不符合的构件（GlobalId）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="49"/>
        <source>8 Review opinion and signature</source>
        <translation>八、审查意见与签字</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="50"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="51"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="52"/>
        <source>SHA-256 of the model file</source>
        <translation>模型文件 SHA-256</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="53"/>
        <source>IFC schema</source>
        <translation>IFC 版本</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="54"/>
        <source>Parcel</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="55"/>
        <source>Parcel found by</source>
        <translation>地块确定方式</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="56"/>
        <source>where the model stands</source>
        <translation>按模型所在位置</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="57"/>
        <source>the parcel code given</source>
        <translation>按指定的地块编码</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="58"/>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="59"/>
        <location filename="../../app/review/words.py" line="136"/>
        <source>Parcel area</source>
        <translation>地块面积</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="60"/>
        <source>Rule set</source>
        <translation>规则集</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="61"/>
        <source>Rule set version</source>
        <translation>规则集版本</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="62"/>
        <source>Rule set file</source>
        <translation>规则集文件</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="63"/>
        <source>Rule set sources</source>
        <translation>规则依据</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="64"/>
        <source>Data sources</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="65"/>
        <source>Coordinate reference system</source>
        <translation>坐标参照系</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="66"/>
        <source>Vertical datum</source>
        <translation>高程基准</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="67"/>
        <source>Reviewed at (UTC)</source>
        <translation>审查时间（UTC）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="68"/>
        <source>Review time</source>
        <translation>审查用时</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="69"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="70"/>
        <source>Reviewed with</source>
        <translation>审查工具</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="71"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="72"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="73"/>
        <source>Measured value</source>
        <translation>实测值</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="74"/>
        <location filename="../../app/review/words.py" line="167"/>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="75"/>
        <source>Clause</source>
        <translation>条文依据</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="76"/>
        <location filename="../../app/review/words.py" line="159"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="77"/>
        <source>Remarks</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="78"/>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="79"/>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="80"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="81"/>
        <source>Source</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="82"/>
        <source>The checks recorded no parameters.</source>
        <translation>各项审查未记录参数。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="83"/>
        <source>Figure {n}: {caption}</source>
        <translation>图 {n}：{caption}</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="84"/>
        <source>Overview of the proposal in the city</source>
        <translation>拟建项目在城市中的总览</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="85"/>
        <source>Failing: {rule}</source>
        <translation>不通过：{rule}</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="86"/>
        <source>Sunlight hours on the receiving facades</source>
        <translation>受影响立面的日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="87"/>
        <source>No screenshots were rendered for this report.</source>
        <translation>本报告未生成截图。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="89"/>
        <source>Every rule passes; no details to show.</source>
        <translation>各项规则均通过，无明细。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="90"/>
        <source>{n} more rows are in the JSON output (cimview review --json).</source>
        <translation>另有 {n} 行见 JSON 输出（cimview review --json）。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="92"/>
        <source>Receiver</source>
        <translation>计算点</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="93"/>
        <location filename="../../app/review/words.py" line="169"/>
        <location filename="../../app/review/words.py" line="170"/>
        <source>Building</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="94"/>
        <source>this proposal</source>
        <translation>本项目</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="95"/>
        <source>Position x, y, z (m)</source>
        <translation>位置 x, y, z（米）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="96"/>
        <location filename="../../app/review/words.py" line="178"/>
        <source>Hours without</source>
        <translation>建设前日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="97"/>
        <location filename="../../app/review/words.py" line="177"/>
        <source>Hours with</source>
        <translation>建设后日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="98"/>
        <source>Sunlit periods with the proposal (Beijing time)</source>
        <translation>建设后日照时段（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="100"/>
        <source>No sunlight receivers were computed.</source>
        <translation>未计算日照点。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="101"/>
        <source>Hours with and without the proposal; times are Beijing time (UTC+8). Hours are counted as the rule set defines (see the parameters). &quot;Already short&quot;: below the standard already without the proposal.</source>
        <translation>日照时数分别为拟建项目建设前与建设后；时刻为北京时间（UTC+8）。时数按规则集的规定累计（见计算参数）。“现状不足”：未建拟建项目时已低于标准。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="105"/>
        <source>No element of the model fails a rule.</source>
        <translation>模型中没有不符合规则的构件。</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="106"/>
        <source>IFC class</source>
        <translation>IFC 类型</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="107"/>
        <location filename="../../app/review/words.py" line="172"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="108"/>
        <source>Review opinion</source>
        <translation>审查意见</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="109"/>
        <source>Reviewer (signature)</source>
        <translation>审查人（签字）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="110"/>
        <source>Checked by (signature)</source>
        <translation>复核人（签字）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="111"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="112"/>
        <source>____ year __ month __ day</source>
        <translation>____年__月__日</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="113"/>
        <source>{file} · SHA-256 {sha} · page {page} of {pages}</source>
        <translation>{file} · SHA-256 {sha} · 第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="115"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="116"/>
        <source>{file}: report written, {n} pages</source>
        <translation>{file}：报告已生成，共 {n} 页</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="117"/>
        <source>{file}: report written</source>
        <translation>{file}：报告已生成</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="118"/>
        <source>{file}: {n} BCF topics written</source>
        <translation>{file}：已写出 {n} 个 BCF 问题</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="119"/>
        <source>screenshots not rendered: {why}</source>
        <translation>未能生成截图：{why}</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="123"/>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="124"/>
        <source>Fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="125"/>
        <source>Not assessable</source>
        <translation>无法评估</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="126"/>
        <location filename="../../app/review/words.py" line="182"/>
        <source>Already short</source>
        <translation>现状不足</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="127"/>
        <source>Not for this schema</source>
        <translation>不适用于此 IFC 版本</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="133"/>
        <source>Delivery requirements (IDS)</source>
        <extracomment>Names of parameter rows the checks record (``ctx.add_parameter(name, ...)``); a name not listed here is shown as it is.</extracomment>
        <translation>交付要求（IDS）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="134"/>
        <source>Outdoor ground level at the entrance</source>
        <translation>主要入口处室外地面标高</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="137"/>
        <source>Gross floor area</source>
        <translation>总建筑面积</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="138"/>
        <source>Building base area</source>
        <translation>建筑基底面积</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="139"/>
        <source>Green area</source>
        <translation>绿地面积</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="140"/>
        <source>Standard day</source>
        <translation>日照标准日</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="141"/>
        <source>Time window (true solar time)</source>
        <translation>有效日照时间带（真太阳时）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="142"/>
        <source>Time window (Beijing time)</source>
        <translation>有效日照时间带（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="143"/>
        <source>Site longitude and latitude</source>
        <translation>场地经纬度</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="144"/>
        <source>Equation of time</source>
        <translation>时差</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="145"/>
        <source>Time step</source>
        <translation>计算时间间隔</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="146"/>
        <source>Sample spacing</source>
        <translation>采样间距</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="147"/>
        <source>Window sill height</source>
        <translation>窗台计算高度</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="148"/>
        <source>Minimum sweep angle</source>
        <translation>最小扫掠角</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="149"/>
        <source>Counting of sunlit periods</source>
        <translation>日照时段累计方式</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="150"/>
        <source>Minimum continuous period</source>
        <translation>最短连续日照时间</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="151"/>
        <source>Sun position</source>
        <translation>太阳位置算法</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="156"/>
        <source>Specification</source>
        <extracomment>Column names of the rows behind a finding (``Finding.details``).</extracomment>
        <translation>规范条目</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="157"/>
        <source>Identifier</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="158"/>
        <source>Requirement</source>
        <translation>要求</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="160"/>
        <source>Applicable</source>
        <translation>适用对象数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="161"/>
        <location filename="../../app/review/words.py" line="181"/>
        <source>Failing</source>
        <translation>不符合数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="162"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="163"/>
        <source>GlobalIds</source>
        <translation>GlobalId</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="164"/>
        <source>Storey</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="165"/>
        <source>Elevation</source>
        <translation>标高</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="166"/>
        <source>Distance (m)</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="168"/>
        <source>Required</source>
        <translation>要求值</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="171"/>
        <source>Neighbour</source>
        <translation>相邻建筑</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="173"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="174"/>
        <source>Height (m)</source>
        <translation>高度（米）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="175"/>
        <source>Area (m²)</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="176"/>
        <source>Receivers</source>
        <translation>计算点数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="179"/>
        <source>Worst hours with</source>
        <translation>建设后最少日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="180"/>
        <source>Worst hours without</source>
        <translation>建设前最少日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="183"/>
        <source>Best hours with</source>
        <translation>建设后最多日照时数</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="184"/>
        <source>Worst receiver x, y, z</source>
        <translation>最不利点 x, y, z</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="185"/>
        <source>Its sunlit periods with (Beijing time)</source>
        <translation>该点建设后日照时段（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="187"/>
        <source>Its sunlit periods without (Beijing time)</source>
        <translation>该点建设前日照时段（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="189"/>
        <source>Red-line edge</source>
        <translation>红线边</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="190"/>
        <source>GlobalId</source>
        <translation>GlobalId</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="191"/>
        <source>Measured at</source>
        <translation>测量位置</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="192"/>
        <source>Element</source>
        <translation>构件</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="193"/>
        <source>Elevation (m)</source>
        <translation>标高（米）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="194"/>
        <source>Ground (m)</source>
        <translation>地面标高（米）</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="195"/>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="196"/>
        <source>Fire-resistance rating</source>
        <translation>耐火等级</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="197"/>
        <source>Rating assumed</source>
        <translation>耐火等级为假定</translation>
    </message>
    <message>
        <location filename="../../app/review/words.py" line="198"/>
        <source>Side</source>
        <translation>方位</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../app/search_box.py" line="85"/>
        <source>door</source>
        <translation>门牌</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="86"/>
        <source>building no.</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="87"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="83"/>
        <source>road</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="66"/>
        <source>door</source>
        <comment>address level</comment>
        <translation>门牌</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="67"/>
        <source>building no.</source>
        <comment>address level</comment>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="68"/>
        <source>unit</source>
        <comment>address level</comment>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="69"/>
        <source>road</source>
        <comment>address level</comment>
        <translation>街路巷</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="70"/>
        <source>compound</source>
        <comment>address level</comment>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="71"/>
        <source>sub-district</source>
        <comment>address level</comment>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="72"/>
        <source>community</source>
        <comment>address level</comment>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="73"/>
        <source>building</source>
        <comment>address level</comment>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="74"/>
        <source>parcel</source>
        <comment>address level</comment>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="75"/>
        <source>pole</source>
        <comment>address level</comment>
        <translation>杆件</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="84"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="88"/>
        <source>sub-district</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="89"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="90"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="91"/>
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="99"/>
        <source>typo</source>
        <translation>纠错</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="100"/>
        <source>pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="101"/>
        <source>initials</source>
        <translation>首字母</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="102"/>
        <source>alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="103"/>
        <source>nearest</source>
        <translation>就近</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="125"/>
        <source>unmatched: {0}</source>
        <translation>未匹配：{0}</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="230"/>
        <source>Search addresses, buildings, roads, parcels, pole codes (Ctrl+F)</source>
        <translation>搜索地址、建筑、道路、地块、杆件编码 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="265"/>
        <source>Search is not available</source>
        <translation>搜索不可用</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="271"/>
        <source>Search failed: {0}</source>
        <translation>搜索出错：{0}</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="279"/>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
</context>
<context>
    <name>StyleDialog</name>
    <message>
        <location filename="../../app/style_dialog.py" line="77"/>
        <source>Style of {0}</source>
        <translation>{0} 的样式</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="85"/>
        <source>Single colour</source>
        <translation>单一符号</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="86"/>
        <source>Categorised (a colour per value)</source>
        <translation>分类（每个值一种颜色）</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="87"/>
        <source>Graduated (a colour per range)</source>
        <translation>分级（每个区间一种颜色）</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="91"/>
        <source>(no labels)</source>
        <translation>（不标注）</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="102"/>
        <source>(default ramp)</source>
        <translation>（默认色带）</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="108"/>
        <source>Classify</source>
        <translation>生成分类</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="109"/>
        <source>Make the classes from the field&apos;s values</source>
        <translation>根据字段值生成分类</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="112"/>
        <location filename="../../app/style_dialog.py" line="258"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="112"/>
        <source>Value or range</source>
        <translation>值或区间</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="117"/>
        <source>Fill polygons</source>
        <translation>填充面</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="118"/>
        <source>Outline</source>
        <translation>轮廓线</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="129"/>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="139"/>
        <source>Mode:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="140"/>
        <source>Colour:</source>
        <translation>颜色：</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="141"/>
        <source>Field:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="146"/>
        <source>Line width:</source>
        <translation>线宽：</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="147"/>
        <source>Point size:</source>
        <translation>点大小：</translation>
    </message>
    <message>
        <location filename="../../app/style_dialog.py" line="148"/>
        <source>Label field:</source>
        <translation>标注字段：</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../app/sync_controller.py" line="81"/>
        <source>Field work</source>
        <translation>外业</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="107"/>
        <source>Field &amp;work</source>
        <translation>外业(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="109"/>
        <source>&amp;Download work area…</source>
        <translation>下载作业区(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="110"/>
        <source>Draw a work &amp;area on the map…</source>
        <translation>在地图上绘制作业区(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="111"/>
        <source>&amp;Update from platform</source>
        <translation>从平台更新(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="112"/>
        <source>&amp;Record observation…</source>
        <translation>记录巡查(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="113"/>
        <source>&amp;Edit the selected feature…</source>
        <translation>编辑所选要素(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="114"/>
        <source>&amp;Send outbox</source>
        <translation>发送待传记录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="145"/>
        <source>No system keyring: the token is kept for this session only</source>
        <translation>系统密钥环不可用：令牌仅在本次会话中保留</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="163"/>
        <source>Download work area</source>
        <translation>下载作业区</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="164"/>
        <source>Work area: a 街道, 社区 or district name (empty: the whole platform)</source>
        <translation>作业区：街道、社区或区名（留空：整个平台）</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="167"/>
        <location filename="../../app/sync_controller.py" line="385"/>
        <source>New cache</source>
        <translation>新缓存</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="169"/>
        <location filename="../../app/sync_controller.py" line="387"/>
        <source>Caches (*.gpkg)</source>
        <translation>缓存 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="190"/>
        <source>Syncing with {0}…</source>
        <translation>正在与 {0} 同步…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="202"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="203"/>
        <source>Cancelling the sync…</source>
        <translation>正在取消同步…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="218"/>
        <source>{0} collections on {1}</source>
        <translation>{1} 上有 {0} 个数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="227"/>
        <source>Syncing: {0}</source>
        <translation>同步中：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="233"/>
        <source>{0} fetched, {1} new, {2} updated, {3} retired ({4:.1f} s)</source>
        <translation>获取 {0} 个，新增 {1}，更新 {2}，退役 {3}（{4:.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="237"/>
        <source>Cancelled: what was received is kept; update again to resume</source>
        <translation>已取消：已接收的数据均已保留；再次更新即可从中断处继续</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="240"/>
        <source>incomplete: update again to resume</source>
        <translation>未完成：再次更新即可续传</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="242"/>
        <source>scenarios received: {0}; removed: {1}</source>
        <translation>收到方案：{0}；移除：{1}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="247"/>
        <source>Up to date: the platform has nothing new</source>
        <translation>已是最新：平台没有新的变化</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="267"/>
        <location filename="../../app/sync_controller.py" line="268"/>
        <source>Sync failed: {0}</source>
        <translation>同步失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="269"/>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="324"/>
        <source>{0} buildings changed by the sync (orange)</source>
        <translation>同步改动了 {0} 栋建筑（橙色）</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="360"/>
        <source>Work area: {0} points; click more, then Finish the area</source>
        <translation>作业区：{0} 个点；继续点击，然后点“完成作业区”</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="351"/>
        <source>Click the corners of the work area on the map</source>
        <translation>在地图上依次点击作业区的角点</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="366"/>
        <source>Work area abandoned</source>
        <translation>已放弃绘制作业区</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="379"/>
        <source>A work area needs at least three corners</source>
        <translation>作业区至少需要三个角点</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="452"/>
        <source>Observation not recorded</source>
        <translation>巡查记录未保存</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="458"/>
        <source>Observation {0} kept in the outbox</source>
        <translation>巡查记录 {0} 已存入待传箱</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="471"/>
        <source>Select a feature first</source>
        <translation>请先选择一个要素</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="481"/>
        <source>Edit refused</source>
        <translation>修改被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="491"/>
        <source>The platform has not said yet whether it takes edits to {0}: update from the platform first, or the platform decides when the outbox is sent.</source>
        <translation>平台尚未说明是否接受对{0}的修改：请先从平台更新；否则在发送待发件时由平台决定。</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="510"/>
        <source>Edit not recorded</source>
        <translation>编辑未保存</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="520"/>
        <source>Edit kept in the outbox</source>
        <translation>修改已保存到待发件</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="540"/>
        <source>Reverted to the platform&apos;s value</source>
        <translation>已恢复为平台的值</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="570"/>
        <source>The platform&apos;s words</source>
        <translation>平台原文</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="571"/>
        <source>Edit refused by the platform</source>
        <translation>平台拒绝了此修改</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="584"/>
        <source>Sending the outbox…</source>
        <translation>正在发送待传记录…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="592"/>
        <source>Sent {0}, rejected {1}, conflicts {2}, still pending {3}</source>
        <translation>已发送 {0}，被拒 {1}，冲突 {2}，仍待发送 {3}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="596"/>
        <source>scenarios pushed: {0}</source>
        <translation>已推送方案：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="605"/>
        <source>The platform refused {0} item(s): the reasons are in the Field work dock</source>
        <translation>平台拒绝了 {0} 项，原因见“外业”面板</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../app/sync_panel.py" line="228"/>
        <source>Pole fault</source>
        <translation>杆件故障</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="229"/>
        <source>Pipe leak</source>
        <translation>管线漏水</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="230"/>
        <source>Building safety</source>
        <translation>房屋安全</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="231"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="236"/>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="237"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="238"/>
        <source>rejected</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="239"/>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="240"/>
        <source>discarded</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="262"/>
        <source>The OGC API - Features landing page of the base platform</source>
        <translation>基础平台的 OGC API - Features 入口地址</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="265"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="266"/>
        <source>Remember the token in the system keyring</source>
        <translation>在系统密钥环中记住令牌</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="267"/>
        <source>Kept by the operating system&apos;s keyring for this platform, not in a file</source>
        <translation>由操作系统的密钥环为此平台保存，不写入文件</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="269"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="270"/>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="274"/>
        <source>Update from platform</source>
        <translation>从平台更新</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="276"/>
        <source>Send outbox</source>
        <translation>发送待传记录</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="278"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="286"/>
        <source>Browse collections</source>
        <translation>浏览数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="288"/>
        <source>Finish the area</source>
        <translation>完成作业区</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="294"/>
        <source>Not synced in this session</source>
        <translation>本次尚未同步</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="298"/>
        <location filename="../../app/sync_panel.py" line="353"/>
        <location filename="../../app/sync_panel.py" line="367"/>
        <source>Collection</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="298"/>
        <location filename="../../app/sync_panel.py" line="367"/>
        <source>Edits</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="371"/>
        <source>takes edits</source>
        <translation>可提交修改</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="371"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="372"/>
        <source>not said</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="433"/>
        <source>The platform refused {0} item(s). Select one and revert it to the platform&apos;s value, or edit it again:</source>
        <translation>平台拒绝了 {0} 项。选中一项后可恢复为平台的值，或重新修改：</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="299"/>
        <location filename="../../app/sync_panel.py" line="353"/>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="315"/>
        <source>Outbox</source>
        <translation>待传箱</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="315"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="315"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="324"/>
        <source>Record observation…</source>
        <translation>记录巡查…</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="326"/>
        <source>Resolve conflict…</source>
        <translation>解决冲突…</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="328"/>
        <source>Revert to the platform&apos;s value</source>
        <translation>恢复为平台的值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="329"/>
        <source>Give up the refused edit: the feature takes back the platform&apos;s values</source>
        <translation>放弃被拒绝的修改：要素恢复为平台的值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="356"/>
        <source>fetched {0}, new {1}, updated {2}, retired {3}</source>
        <translation>获取 {0}，新增 {1}，更新 {2}，退役 {3}</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="406"/>
        <source>Edit of {0} {1}</source>
        <translation>编辑 {0} {1}</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <location filename="../../app/sync_words.py" line="47"/>
        <source>{0}: page {1}, {2} features received, {3} new or changed</source>
        <extracomment>&quot;… → HTTP 400 BAD REQUEST: Collection is not editable&quot; → the platform&apos;s own words.</extracomment>
        <translation>{0}：第 {1} 页，已接收 {2} 个要素，新增或变更 {3} 个</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="53"/>
        <source>file {0}: {1:.1f} MB downloaded</source>
        <translation>文件 {0}：已下载 {1:.1f} MB</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="55"/>
        <source>working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="71"/>
        <source>the platform takes no edits to this collection (read-only there); the platform said: {0}</source>
        <translation>平台不接受对此集合的修改（在平台上为只读）；平台原文：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="75"/>
        <source>the feature is no longer on the platform; the platform said: {0}</source>
        <translation>该要素已不在平台上；平台原文：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="79"/>
        <source>refused by the platform, without a reason</source>
        <translation>被平台拒绝，未说明原因</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="81"/>
        <source>the platform said: {0}</source>
        <translation>平台原文：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="88"/>
        <source>read-only on the platform</source>
        <translation>平台上为只读</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="90"/>
        <source>no longer on the platform</source>
        <translation>已不在平台上</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="91"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/sync_words.py" line="96"/>
        <source>The platform takes no edits to {0}: it lists this collection as read-only. The edit was not recorded.</source>
        <translation>平台不接受对{0}的修改：平台将此集合列为只读。此修改未记录。</translation>
    </message>
</context>
<context>
    <name>TimeBar</name>
    <message>
        <location filename="../../app/time_bar.py" line="42"/>
        <location filename="../../app/time_bar.py" line="45"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="49"/>
        <source>Drag to see the city as it stood in that year</source>
        <translation>拖动以查看城市在该年的样子</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="55"/>
        <source>Now</source>
        <translation>回到现在</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="56"/>
        <source>Show the city as it is now</source>
        <translation>显示城市现状</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="59"/>
        <location filename="../../app/time_bar.py" line="165"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="61"/>
        <source>Show the years one after another</source>
        <translation>逐年播放城市的变化</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="68"/>
        <source>Scenario</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="71"/>
        <source>The planning scenario shown with the city</source>
        <translation>与城市一同显示的规划方案</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="75"/>
        <source>Compare with</source>
        <translation>对比年份</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="78"/>
        <source>Colour the buildings by what changed from this year to the year shown: new, demolished, changed</source>
        <translation>按从该年到所示年份的变化为建筑着色：新建、拆除、变更</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="83"/>
        <source>The year compared with the year shown</source>
        <translation>与所示年份对比的年份</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="114"/>
        <source>Present (nothing planned)</source>
        <translation>现状（不含规划）</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="127"/>
        <location filename="../../app/time_bar.py" line="151"/>
        <location filename="../../app/time_bar.py" line="181"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="147"/>
        <source>Comparison ended</source>
        <translation>对比已结束</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="150"/>
        <source>Buildings from {0} to {1}: {2} new, {3} demolished, {4} changed</source>
        <translation>建筑 {0} → {1}：新建 {2} 栋，拆除 {3} 栋，变更 {4} 栋</translation>
    </message>
    <message>
        <location filename="../../app/time_bar.py" line="167"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <location filename="../../app/timeline_chart.py" line="162"/>
        <source>Buildings</source>
        <translation>建筑数</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="162"/>
        <source>Floor area (m²)</source>
        <translation>建筑面积（m²）</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="163"/>
        <source>Housing units</source>
        <translation>住房套数</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="166"/>
        <source>Area in view</source>
        <translation>视图范围内</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="167"/>
        <source>Count only what lies in the area the 3D view shows</source>
        <translation>只统计三维视图所显示范围内的要素</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="169"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="171"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="175"/>
        <source>Present</source>
        <translation>现状</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="203"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="210"/>
        <source>The area in view</source>
        <translation>视图范围内</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="211"/>
        <source>The whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="221"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="222"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/timeline_chart.py" line="233"/>
        <source>Written: {0}</source>
        <translation>已写入：{0}</translation>
    </message>
</context>
<context>
    <name>View3D</name>
    <message>
        <location filename="../../app/view3d.py" line="892"/>
        <source>Clear the selection</source>
        <extracomment>A press and release closer than this (widget pixels) is a click, not a drag. The cursor position is picked at most this often (ms). The camera stays this high above the terrain unless underground mode allows otherwise (m). Fly-to animation steps. Wheel: each notch moves the camera this fraction of the way to the point under the cursor. &quot;Top&quot; view elevation (°): just short of 90 so the terrain style keeps z as its up axis. Outward margin of the selection overlay so it does not z-fight with the feature (m). layer (&quot;buildings&quot;, &quot;pipelines&quot;, &quot;pipe_points&quot;, &quot;poles&quot;, or &quot;bim&quot; with the IFC element id of the BIM model shown), fid After every click&apos;s picked or cleared: the world point (cache CRS x, y, z) of the surface clicked — a building, a pipe or the terrain — or None (the sky, or a glyph: a pole or a pipe point, whose position is the feature&apos;s own). With ``route_clicks`` on (app.tools.ToolController: one active map tool), clicks go to these instead of ``pick_at``: a click, the second click of a double click, and the resting cursor (at most every CURSOR_INTERVAL_MS), at display pixel (x, y) (VTK: origin bottom-left). Display pixel (VTK: origin bottom-left) of the last click picked, or None. Clicks go to the map tool (the signals clicked/double_clicked), not to pick_at. The active map tool&apos;s key handler: (QKeyEvent) -&gt; handled, asked before the view&apos;s.</extracomment>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="892"/>
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="893"/>
        <source>Top view</source>
        <translation>俯视</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="893"/>
        <source>North up</source>
        <translation>正北朝上</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="894"/>
        <source>Zoom in / out</source>
        <translation>放大 / 缩小</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="895"/>
        <source>Left drag</source>
        <translation>左键拖动</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="895"/>
        <source>Orbit</source>
        <translation>环绕</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="896"/>
        <source>Middle or Shift+left drag</source>
        <translation>中键或 Shift+左键拖动</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="896"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="897"/>
        <source>Wheel</source>
        <translation>滚轮</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="897"/>
        <source>Zoom toward the cursor</source>
        <translation>向光标处缩放</translation>
    </message>
</context>
<context>
    <name>store</name>
    <message>
        <location filename="../../app/messages.py" line="35"/>
        <source>{path}: feature {feature}: {problem}</source>
        <translation>{path}：要素 {feature}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="36"/>
        <source>{path}: {problem}</source>
        <translation>{path}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="37"/>
        <source>feature {feature}: {problem}</source>
        <translation>要素 {feature}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="38"/>
        <source>error: {problem}</source>
        <translation>错误：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="39"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="130"/>
        <source>no such file or folder</source>
        <translation>没有这个文件或文件夹</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="131"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="132"/>
        <source>the disk is read-only</source>
        <translation>磁盘为只读</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="133"/>
        <source>it is a folder, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="134"/>
        <source>a part of the path is not a folder</source>
        <translation>路径中有一部分不是文件夹</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="329"/>
        <source>no such file</source>
        <translation>没有该文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="266"/>
        <source>is a directory, not an IFC file</source>
        <translation>是一个文件夹，不是 IFC 文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="198"/>
        <source>empty file (0 bytes), not an IFC model</source>
        <translation>空文件（0 字节），不是 IFC 模型</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="368"/>
        <source>not an IFC file: binary data, and an IFC file starts with &apos;ISO-10303-21;&apos;</source>
        <translation>不是 IFC 文件：内容是二进制数据，而 IFC 文件以“ISO-10303-21;”开头</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="370"/>
        <source>not an IFC file: only blank space</source>
        <translation>不是 IFC 文件：只有空白</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="184"/>
        <source>could not be processed ({kind}: {error}); the details are in {log}</source>
        <translation>无法处理（{kind}：{error}）；详细信息见 {log}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="492"/>
        <source>the disk is full: nothing was written</source>
        <translation>磁盘已满：未写入任何内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="645"/>
        <source>too large to read into memory</source>
        <translation>文件太大，无法读入内存</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="450"/>
        <source>text that is not valid Unicode ({error})</source>
        <translation>含有无效的 Unicode 文本（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="128"/>
        <location filename="../../app/messages.py" line="129"/>
        <location filename="../../app/store_messages.py" line="391"/>
        <source>permission denied</source>
        <extracomment>What the operating system says when a file cannot be written or read, in words.</extracomment>
        <translation>没有权限</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="152"/>
        <source>cannot be read or written: {error}</source>
        <translation>无法读取或写入：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="127"/>
        <source>appearance (materials, textures) ignored</source>
        <translation>外观（材质、纹理）已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="48"/>
        <source>GeometryInstance (template) geometries are not supported and were ignored</source>
        <translation>不支持 GeometryInstance（模板）几何，已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="288"/>
        <source>material {index} does not exist</source>
        <translation>材质 {index} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="289"/>
        <source>material {index} has a bad baseColorFactor</source>
        <translation>材质 {index} 的 baseColorFactor 无效</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="290"/>
        <source>measured from the lowest outdoor ground along the footprint</source>
        <translation>自基底沿线最低室外地面起算</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="291"/>
        <source>measured from the outdoor ground at the entrance</source>
        <translation>自主要入口处室外地面起算</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="292"/>
        <source>mesh {index} does not exist</source>
        <translation>网格 {index} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="293"/>
        <source>mesh {index} has {n} {what} for {count} positions</source>
        <translation>网格 {index} 有 {n} 个 {what}，而顶点位置有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="294"/>
        <source>more than {limit} nested external tilesets</source>
        <translation>嵌套的外部瓦片集超过 {limit} 层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="306"/>
        <source>no connection could be made in time</source>
        <translation>未能及时建立连接</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="312"/>
        <source>no footprint: every surface is vertical or degenerate</source>
        <translation>没有底面轮廓：所有面都是竖直的或退化的</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="464"/>
        <source>the IfcProjectedCRS of {what} has an empty name: the map CRS is unknown; the map coordinates are taken to be in the cache CRS</source>
        <translation>{what} 的 IfcProjectedCRS 名称为空：地图坐标系未知；地图坐标按缓存坐标系处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="521"/>
        <source>the map CRS name {name!r} of {what} is not a CRS pyproj knows; the map coordinates are taken to be in the cache CRS</source>
        <translation>{what} 的地图坐标系名称 {name!r} 不是 pyproj 能识别的坐标系；地图坐标按缓存坐标系处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="504"/>
        <source>the file has several &apos;Model&apos; representation contexts with different map conversions: {conversions}</source>
        <translation>文件有多个“Model”表达上下文，且地图转换各不相同：{conversions}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="751"/>
        <source>{what} is not a map conversion cimview knows: ignored</source>
        <translation>{what} 不是 cimview 能识别的地图转换：已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="192"/>
        <source>ePSet_MapConversion is given more than once with different values ({holders})</source>
        <translation>ePSet_MapConversion 出现多次且取值不同（{holders}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="194"/>
        <source>ePSet_ProjectedCRS has an empty name: the map CRS is unknown; the map coordinates are taken to be in the cache CRS</source>
        <translation>ePSet_ProjectedCRS 名称为空：地图坐标系未知；地图坐标按缓存坐标系处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="465"/>
        <source>the IfcProjectedCRS of {what} has an empty name: the map CRS is unknown; the map coordinates were taken to be in {crs}, the CRS asked for</source>
        <translation>{what} 的 IfcProjectedCRS 名称为空：地图坐标系未知；地图坐标按所要求的坐标系 {crs} 处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="522"/>
        <source>the map CRS name {name!r} of {what} is not a CRS pyproj knows; the map coordinates were taken to be in {crs}, the CRS asked for</source>
        <translation>{what} 的地图坐标系名称 {name!r} 不是 pyproj 能识别的坐标系；地图坐标按所要求的坐标系 {crs} 处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="316"/>
        <source>no map unit is known for {what}: the metre was assumed</source>
        <translation>{what} 没有已知的地图单位：按米处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="755"/>
        <source>{what} is {declared:g}, which does not fit project unit {project_unit} and map unit {map_unit} (expected {expected:g}): ignored, {expected:g} used</source>
        <translation>{what} 为 {declared:g}，与项目单位 {project_unit} 和地图单位 {map_unit} 不符（应为 {expected:g}）：已忽略，改用 {expected:g}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="392"/>
        <source>placed from {what} RefLatitude {lat:.7f}° / RefLongitude {lon:.7f}°, projected to {crs}: approximate (the file has no map conversion; the lat/lon is often rounded or an exporter&apos;s default location)</source>
        <translation>根据 {what} 的 RefLatitude {lat:.7f}° / RefLongitude {lon:.7f}° 定位，投影到 {crs}：仅为近似（文件没有地图转换；经纬度常被取整，或是导出软件的默认位置）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="762"/>
        <source>{what} {attribute} is {value}</source>
        <translation>{what} 的 {attribute} 为 {value}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="159"/>
        <source>cannot transform model coordinates from {source} to {target} (outside the CRS&apos;s area of use?)</source>
        <translation>无法将模型坐标从 {source} 转换到 {target}（超出坐标系的适用范围？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="740"/>
        <source>{what} belongs to a &apos;{context}&apos; context, not to the &apos;Model&apos; one; used anyway</source>
        <translation>{what} 属于“{context}”上下文，而不是“Model”上下文；仍然采用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="748"/>
        <source>{what} has no ePSet_ProjectedCRS beside it: the map CRS is unknown</source>
        <translation>{what} 旁边没有 ePSet_ProjectedCRS：地图坐标系未知</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="523"/>
        <source>the map CRS {crs} of {what} is not a projected CRS: a map conversion into it cannot be applied; ignored</source>
        <translation>{what} 的地图坐标系 {crs} 不是投影坐标系：无法应用到它的地图转换；已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="16"/>
        <source>--at {at}: expected X,Y in the cache CRS</source>
        <translation>--at {at}：应为缓存坐标系中的 X,Y</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="17"/>
        <source>--at {at}: expected X,Y,Z in the cache CRS</source>
        <translation>--at {at}：应为缓存坐标系中的 X,Y,Z</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="18"/>
        <source>--bbox {bbox}: expected MINX,MINY,MAXX,MAXY</source>
        <translation>--bbox {bbox}：应为 MINX,MINY,MAXX,MAXY</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="19"/>
        <source>--bbox {bbox}: expected four numbers MINX,MINY,MAXX,MAXY in the cache&apos;s CRS</source>
        <translation>--bbox {bbox}：应为缓存坐标系下的四个数 MINX,MINY,MAXX,MAXY</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="20"/>
        <source>--bbox {bbox}: the minimum must be below the maximum (MINX,MINY,MAXX,MAXY)</source>
        <translation>--bbox {bbox}：最小值必须小于最大值（MINX,MINY,MAXX,MAXY）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="22"/>
        <source>--date {date}: expected YYYY-MM-DD</source>
        <translation>--date {date}：应为 YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="23"/>
        <source>--layers {layers}: a 3D Tiles export holds {choices}</source>
        <translation>--layers {layers}：3D Tiles 导出可包含 {choices}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="24"/>
        <source>--map {item}: expected FIELD=COLUMN with FIELD one of {fields} or a level (省 … 单元)</source>
        <translation>--map {item}：应为“字段=列名”，字段为 {fields} 之一或一个地址级别（省 … 单元）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="25"/>
        <source>--map {item}: expected FIELD=NAME with FIELD one of {fields} or a profile&apos;s name (e.g. 管径)</source>
        <translation>--map {item}：应为“字段=字段名”，字段为 {fields} 之一或映射方案中的名称（如 管径）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="26"/>
        <source>--map {item}: the file has no column {column}</source>
        <translation>--map {item}：文件中没有列 {column}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="27"/>
        <source>--map {item}: the file has no field {name}</source>
        <translation>--map {item}：文件中没有字段 {name}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="28"/>
        <source>--planned {value}: not a year, date or time</source>
        <translation>--planned {value}：不是年份、日期或时间</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="30"/>
        <source>--scenario {name}: the cache {cache} does not exist yet; import the recorded city first, then create the scenario</source>
        <translation>--scenario {name}：缓存 {cache} 尚不存在；请先导入现状城市，再创建方案</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="31"/>
        <source>--size {size}: expected WIDTHxHEIGHT, e.g. 1600x1000</source>
        <translation>--size {size}：应为 宽x高，例如 1600x1000</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="32"/>
        <source>--threads {threads}: must be at least 1</source>
        <translation>--threads {threads}：至少为 1</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="33"/>
        <source>3D Tiles version {version} is not supported (only {supported})</source>
        <translation>不支持 3D Tiles 版本 {version}（仅支持 {supported}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="35"/>
        <source>Building the occluders</source>
        <translation>正在构建遮挡物</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="36"/>
        <source>CESIUM_RTC center must be 3 finite numbers</source>
        <translation>CESIUM_RTC 中心必须是 3 个有限数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="38"/>
        <source>Casting sunlight rays</source>
        <translation>正在计算日照射线</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="39"/>
        <source>Checking the delivery requirements of {file}</source>
        <translation>正在检查 {file} 的交付要求</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="40"/>
        <source>Checking {rule}</source>
        <translation>正在检查{rule_zh}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="42"/>
        <source>Finding homes in the proposal&apos;s shadow</source>
        <translation>正在查找方案阴影范围内的住宅</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="49"/>
        <source>IDS {title}, version {version} ({file})</source>
        <translation>IDS：{title}，版本 {version}（{file}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="52"/>
        <source>Loading the model: {step}</source>
        <translation>正在加载模型：{step}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="53"/>
        <source>Lowest residential floor: {storey} at {z} m</source>
        <translation>最低住宅层：{storey}，标高 {z} 米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="55"/>
        <source>Measuring the building&apos;s base area</source>
        <translation>正在计算建筑基底面积</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="56"/>
        <source>Measuring the building&apos;s height</source>
        <translation>正在计算建筑高度</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="57"/>
        <source>Measuring the distances to neighbouring buildings</source>
        <translation>正在计算与相邻建筑的间距</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="58"/>
        <source>Measuring the floor area</source>
        <translation>正在计算建筑面积</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="59"/>
        <source>Measuring the green areas</source>
        <translation>正在计算绿地面积</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="60"/>
        <source>Measuring the setbacks from the red line</source>
        <translation>正在计算退让红线距离</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="61"/>
        <source>No facade of the floor faces the sun</source>
        <translation>该层没有朝向太阳的外墙</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="62"/>
        <source>No facade of the neighbouring homes faces the sun</source>
        <translation>周边住宅没有朝向太阳的外墙</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="63"/>
        <source>No residential building stands within the proposal&apos;s shadow reach</source>
        <translation>方案阴影范围内没有住宅建筑</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="64"/>
        <source>RTC_CENTER must be 3 finite numbers</source>
        <translation>RTC_CENTER 必须是 3 个有限数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="65"/>
        <source>RTC_CENTER must be 3 numbers</source>
        <translation>RTC_CENTER 必须是 3 个数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="66"/>
        <source>RTC_CENTER points outside the feature table</source>
        <translation>RTC_CENTER 指向要素表之外</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="67"/>
        <source>Receivers on the floor&apos;s {n} windows</source>
        <translation>受影点位于该层的 {n} 个窗上</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="68"/>
        <source>Review finished</source>
        <translation>审查完成</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="70"/>
        <source>Sunlight counted</source>
        <translation>日照计算完成</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="71"/>
        <source>Sunlight on {day} ({term}), {start}–{end} true solar time</source>
        <translation>{day}（{term}）日照，真太阳时 {start}–{end}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="72"/>
        <source>Sunlight: {hours} h ({counting}, pieces of at least {min} min)</source>
        <translation>日照：{hours} 小时（{counting}，每段不少于 {min} 分钟）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="73"/>
        <source>Sunlit (Beijing time): {periods}</source>
        <translation>有日照时段（北京时间）：{periods}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="74"/>
        <source>The floor has no windows in the model: receivers every {spacing} m along its sun-facing facades</source>
        <translation>模型中该层没有窗：沿朝阳外墙每 {spacing} 米布置受影点</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="75"/>
        <source>The proposal has no homes (OccupancyType: {types})</source>
        <translation>方案没有住宅（OccupancyType：{types}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="78"/>
        <source>a &apos;quoted&apos; pattern</source>
        <translation>用 &apos;引号&apos; 括起的匹配模式</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="79"/>
        <source>a 3D Tiles folder must be inside the cache&apos;s folder {base}: copy or move it there</source>
        <translation>三维瓦片文件夹必须位于缓存文件夹 {base} 之内：请将其复制或移动到那里</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="81"/>
        <source>a [PIPES] row with fewer than 5 fields</source>
        <translation>[PIPES] 中某行少于 5 个字段</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="82"/>
        <source>a _BATCHID is not below BATCH_LENGTH {count}</source>
        <translation>有 _BATCHID 不小于 BATCH_LENGTH {count}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="83"/>
        <source>a closing parenthesis</source>
        <translation>右括号</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="84"/>
        <source>a comma or a closing parenthesis</source>
        <translation>逗号或右括号</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="85"/>
        <source>a content has no uri</source>
        <translation>有内容没有 uri</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="86"/>
        <source>a field has {got} values for {n} features</source>
        <translation>某字段有 {got} 个值，而要素有 {n} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="87"/>
        <source>a field, a number or a &apos;text&apos;</source>
        <translation>字段、数字或 &apos;文本&apos;</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="89"/>
        <source>a grid or rounding step is not positive</source>
        <translation>网格或取整步长不是正数</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="90"/>
        <source>a legacy b3dm header is not supported</source>
        <translation>不支持旧版 b3dm 文件头</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="91"/>
        <source>a list after in holds values, not the field {name}</source>
        <translation>in 后面的列表只能写值，不能写字段 {name}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="92"/>
        <source>a neighbour&apos;s rating is not known: {rating} assumed</source>
        <translation>相邻建筑的耐火等级不详：按{rating}计</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="93"/>
        <source>a node without [COORDINATES]</source>
        <translation>节点在 [COORDINATES] 中没有坐标</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="94"/>
        <source>a planned building&apos;s height must be above 0 and at most {m} m</source>
        <translation>规划建筑的高度须大于 0 且不超过 {m} 米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="95"/>
        <source>a primitive of mesh {index} has no POSITION</source>
        <translation>网格 {index} 的一个图元没有 POSITION</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="96"/>
        <source>a property table names no class of the schema or no count</source>
        <translation>属性表未指明模式中的类或数量</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="97"/>
        <source>a scenario named {name} exists already</source>
        <translation>名为 {name} 的方案已存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="98"/>
        <source>a scenario without a usable id</source>
        <translation>方案缺少可用的标识</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="99"/>
        <source>a scenario&apos;s name must be 1 to {n} characters</source>
        <translation>方案名称须为 1 到 {n} 个字符</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="100"/>
        <source>a tile must be a JSON object</source>
        <translation>瓦片必须是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="101"/>
        <source>a tile pointing to an external tileset has children</source>
        <translation>指向外部瓦片集的瓦片不能有子瓦片</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="102"/>
        <source>a tile&apos;s region cannot be carried into the cache CRS {crs}</source>
        <translation>瓦片的范围无法转换到缓存坐标系 {crs}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="103"/>
        <source>a tileset file must hold a JSON object</source>
        <translation>瓦片集文件必须包含 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="104"/>
        <source>a tileset layer needs a name, not {name}</source>
        <translation>三维瓦片图层需要一个名称，而不是 {name}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="107"/>
        <source>a 楼栋 of the 小区 {compound}, which no row of the file defines</source>
        <translation>楼栋所属小区“{compound}”在文件中没有任何一行定义</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="108"/>
        <source>accessor {index} does not exist</source>
        <translation>访问器 {index} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="109"/>
        <source>accessor {index} has a bad type</source>
        <translation>访问器 {index} 的类型有误</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="110"/>
        <source>accessor {index} has a byte stride shorter than its elements</source>
        <translation>访问器 {index} 的字节步长小于其元素长度</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="111"/>
        <source>accessor {index} has {n} elements, more than {limit}</source>
        <translation>访问器 {index} 有 {n} 个元素，超过 {limit}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="112"/>
        <source>accessor {index} names a missing buffer</source>
        <translation>访问器 {index} 引用了不存在的缓冲区</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="113"/>
        <source>accessor {index} names a missing buffer view</source>
        <translation>访问器 {index} 引用了不存在的缓冲区视图</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="114"/>
        <source>accessor {index} of texture coordinates is not VEC2</source>
        <translation>纹理坐标访问器 {index} 不是 VEC2</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="115"/>
        <source>accessor {index} passes the end of its buffer</source>
        <translation>访问器 {index} 超出其缓冲区末尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="116"/>
        <source>allows {grade}, which is not a data grade</source>
        <translation>允许级别 {grade} 不是数据分级</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="118"/>
        <source>already exists: cimview does not overwrite an export</source>
        <translation>已存在：cimview 不会覆盖导出文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="119"/>
        <source>an EPA SWMM model (drainage: conduits, subcatchments), not an EPANET network: cimview does not import SWMM models yet</source>
        <translation>这是 EPA SWMM 模型（排水：管渠、汇水区），不是 EPANET 管网：cimview 暂不导入 SWMM 模型</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="120"/>
        <source>an expression is text, not {kind}</source>
        <translation>表达式应为文本，而不是 {kind}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="121"/>
        <source>an implicit tiling needs a box or region bounding volume</source>
        <translation>隐式瓦片划分需要 box 或 region 包围体</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="123"/>
        <source>an opening parenthesis after in</source>
        <translation>in 后面的左括号</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="124"/>
        <source>an outline needs at least three points on the map</source>
        <translation>轮廓至少需要地图上的三个点</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="125"/>
        <source>and, or or the end</source>
        <translation>and、or 或表达式结尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="133"/>
        <source>b3dm version {version} is not supported (only 1)</source>
        <translation>不支持 b3dm 版本 {version}（仅支持 1）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="134"/>
        <source>base area {base} m² on {area} m²</source>
        <translation>基底面积 {base} 平方米 / 用地面积 {area} 平方米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="135"/>
        <source>batch table column {column} has a bad binary reference</source>
        <translation>批量表列 {column} 的二进制引用有误</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="136"/>
        <source>batch table column {column} has {n} values for {count} features</source>
        <translation>批量表列 {column} 有 {n} 个值，而要素有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="137"/>
        <source>batch table column {column} is neither a list nor a binary reference</source>
        <translation>批量表列 {column} 既不是列表也不是二进制引用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="138"/>
        <source>batch table column {column} passes the end of the binary</source>
        <translation>批量表列 {column} 超出二进制数据末尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="142"/>
        <source>boundingVolume.box must be 12 finite numbers</source>
        <translation>boundingVolume.box 必须是 12 个有限数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="143"/>
        <source>boundingVolume.region must be 6 finite numbers</source>
        <translation>boundingVolume.region 必须是 6 个有限数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="144"/>
        <source>boundingVolume.region {region} is not west, south, east, north in radians and min, max height</source>
        <translation>boundingVolume.region {region} 不是以弧度表示的西、南、东、北及最小、最大高度</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="145"/>
        <source>boundingVolume.sphere must be 4 finite numbers with a radius of 0 or more</source>
        <translation>boundingVolume.sphere 必须是 4 个有限数值且半径不小于 0</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="146"/>
        <source>buffer uri {uri} cannot be read from a glb</source>
        <translation>无法从 glb 读取缓冲区 uri {uri}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="147"/>
        <source>buffer uri {uri} leaves the tileset&apos;s folder</source>
        <translation>缓冲区 uri {uri} 超出瓦片集所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="148"/>
        <source>buffer view {index} passes the end of its buffer</source>
        <translation>缓冲区视图 {index} 超出其缓冲区末尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="149"/>
        <source>buffer {index} has a bad data uri</source>
        <translation>缓冲区 {index} 的 data uri 有误</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="153"/>
        <source>cannot evaluate {node}</source>
        <translation>无法计算 {node}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="154"/>
        <source>cannot read the file: {why}</source>
        <translation>无法读取文件：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="160"/>
        <source>cannot write here: the folder does not exist</source>
        <translation>无法写到这里：文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="161"/>
        <source>cannot write the PDF</source>
        <translation>无法写出 PDF</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="163"/>
        <source>checking the coordinates</source>
        <translation>检查坐标</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="164"/>
        <source>children must be a list</source>
        <translation>children 必须是列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="165"/>
        <source>choose a folder holding tileset.json, or give a URL</source>
        <translation>请选择含 tileset.json 的文件夹，或给出网址</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="166"/>
        <source>column {column} has {n} values for {count} features</source>
        <translation>列 {column} 有 {n} 个值，但要素有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="167"/>
        <source>compressed meshes ({extension}) are not supported</source>
        <translation>不支持压缩网格（{extension}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="169"/>
        <source>content of kind {magic} is not supported (b3dm, glb, gltf)</source>
        <translation>不支持类型为 {magic} 的内容（支持 b3dm、glb、gltf）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="170"/>
        <source>content uri {uri} leaves the tileset&apos;s folder</source>
        <translation>内容 uri {uri} 超出瓦片集所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="171"/>
        <source>contentAvailability must be a list</source>
        <translation>contentAvailability 必须是列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="172"/>
        <source>contents must be a list</source>
        <translation>contents 必须是列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="173"/>
        <source>coordinates (x {x}, y {y}) are impossible in the CRS {crs}; give the layer the CRS of its coordinates</source>
        <translation>坐标（x {x}，y {y}）在坐标系 {crs} 中不可能存在；请为图层指定其坐标所用的坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="174"/>
        <source>coordinates (x {x}, y {y}) are impossible in the CRS {crs}; they look like {guess} ({name}): give the layer that CRS</source>
        <translation>坐标（x {x}，y {y}）在坐标系 {crs} 中不可能存在；看起来是 {guess}（{name}）：请为图层指定该坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="179"/>
        <source>coordinates ({x}, {y}) are impossible in {crs}</source>
        <translation>坐标（{x}, {y}）在 {crs} 中不可能存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="181"/>
        <source>coordinates of the cache cannot be carried into ECEF</source>
        <translation>缓存的坐标无法转换到地心坐标系（ECEF）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="186"/>
        <source>declares no coordinate reference system; give the layer&apos;s CRS (e.g. EPSG:4547, the CRS of the file&apos;s coordinates)</source>
        <translation>未声明坐标参考系；请指定图层的坐标系（例如 EPSG:4547，即文件坐标所用的坐标系）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="188"/>
        <source>declares {crs}, but then its pipes would be {km} km long (median): the declared CRS is false (drawing units?); give the coordinates&apos; CRS with --source-crs</source>
        <translation>声明为 {crs}，但这样管线长度将达 {km} 千米（中位数）：所声明的坐标系不实（可能是绘图单位）；请用 --source-crs 给出坐标的真实坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="195"/>
        <source>ePSet_ProjectedCRS has an empty name: the map CRS is unknown; the map coordinates were taken to be in {crs}, the CRS asked for</source>
        <translation>ePSet_ProjectedCRS 名称为空：地图坐标系未知；地图坐标按所要求的坐标系 {crs} 处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="197"/>
        <source>empty field name at character {at}</source>
        <translation>第 {at} 个字符处的字段名为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="200"/>
        <source>entries {first} to {last} are missing (deleted)</source>
        <translation>第 {first} 至 {last} 条记录缺失（已被删除）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="201"/>
        <source>entry {position} is missing (deleted)</source>
        <translation>第 {position} 条记录缺失（已被删除）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="202"/>
        <source>entry {position} is not the one reported to the platform (the trail was rewritten up to there)</source>
        <translation>第 {position} 条记录与报送平台的不一致（留痕记录在此之前被改写）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="203"/>
        <source>entry {position}: does not follow the entry before it (its link to the previous hash is wrong)</source>
        <translation>第 {position} 条记录：未接续前一条（指向前一条哈希的链接错误）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="204"/>
        <source>entry {position}: edited after it was written (its hash does not match its content)</source>
        <translation>第 {position} 条记录：写入后被修改（哈希与内容不符）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="205"/>
        <source>entry {position}: moved here from position {was}</source>
        <translation>第 {position} 条记录：由第 {was} 条的位置移动至此</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="206"/>
        <source>every edge of the red line faces a road: there is no other parcel boundary</source>
        <translation>红线各边均临道路：没有其他用地边界</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="207"/>
        <source>every height is 0: the features are draped on the terrain</source>
        <translation>高度均为 0：要素贴地显示</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="208"/>
        <source>external tileset {uri} refers back to itself</source>
        <translation>外部瓦片集 {uri} 引用了自身</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="209"/>
        <source>feature {fid} does not stand yet in {when}</source>
        <translation>要素 {fid} 在 {when} 尚未建成</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="210"/>
        <source>feature {fid} has no gid: it cannot be planned away</source>
        <translation>要素 {fid} 没有 gid，无法规划拆除</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="211"/>
        <source>feature {fid} is gone by {when} already</source>
        <translation>要素 {fid} 在 {when} 之前已不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="212"/>
        <source>feature {fid} is planned, not recorded: it is not removed but deleted from its scenario</source>
        <translation>要素 {fid} 是规划要素而非现状要素：不应规划拆除，而应从其方案中删除</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="214"/>
        <source>field name</source>
        <translation>字段名</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="215"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="216"/>
        <source>geometricError must be a number of 0 or more</source>
        <translation>geometricError 必须是不小于 0 的数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="217"/>
        <source>geometries declare other CRSs ({crs}) than the file&apos;s {main}: all were read as {main}</source>
        <translation>部分几何声明的坐标参照系（{crs}）与文件的 {main} 不同：全部按 {main} 读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="221"/>
        <source>glb version {version} is not supported (only 2)</source>
        <translation>不支持 glb 版本 {version}（仅支持 2）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="222"/>
        <source>gltfUpAxis {axis} is not supported (Y or Z)</source>
        <translation>不支持 gltfUpAxis {axis}（支持 Y 或 Z）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="230"/>
        <source>green area {green} m² on {area} m²</source>
        <translation>绿地面积 {green} 平方米 / 用地面积 {area} 平方米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="231"/>
        <source>gross floor area {gfa} m² ({source}) on {area} m²</source>
        <translation>总建筑面积 {gfa} 平方米（{source}）/ 用地面积 {area} 平方米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="235"/>
        <source>has no city objects: nothing to import</source>
        <translation>没有城市对象：无可导入的内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="239"/>
        <source>has {n} layers; choose one: {layers}</source>
        <translation>有 {n} 个图层；请选择一个：{layers}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="242"/>
        <source>holds CityObjects: a header for --metadata has none</source>
        <translation>含有 CityObjects：--metadata 的头文件不应含有城市对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="243"/>
        <source>holds more than {limit} features: too many to draw as one layer; split it or import it</source>
        <translation>要素超过 {limit} 个，太多，无法作为一个图层绘制；请拆分该文件或将其导入缓存</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="244"/>
        <source>holds more than {limit} rows</source>
        <translation>超过 {limit} 行</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="245"/>
        <source>image uri {uri} cannot be read from here</source>
        <translation>无法从此处读取图像 uri {uri}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="246"/>
        <source>image uri {uri} leaves the tileset&apos;s folder</source>
        <translation>图像 uri {uri} 超出了瓦片集文件夹</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="247"/>
        <source>image {index} cannot be decoded: {why}</source>
        <translation>图像 {index} 无法解码：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="248"/>
        <source>image {index} does not exist</source>
        <translation>图像 {index} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="249"/>
        <source>image {index} has a bad data uri</source>
        <translation>图像 {index} 的 data uri 无效</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="250"/>
        <source>image {index} has neither a buffer view nor a uri</source>
        <translation>图像 {index} 既没有缓冲视图也没有 uri</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="251"/>
        <source>image {index} is {format}: only PNG and JPEG are read</source>
        <translation>图像 {index} 为 {format} 格式：只读取 PNG 和 JPEG</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="252"/>
        <source>image {index} is {width}×{height} pixels: at most {limit} a side are read</source>
        <translation>图像 {index} 为 {width}×{height} 像素：每边最多读取 {limit} 像素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="253"/>
        <source>image {index} names a missing buffer view</source>
        <translation>图像 {index} 引用了不存在的缓冲视图</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="254"/>
        <source>image {index} passes the end of its buffer</source>
        <translation>图像 {index} 超出了其缓冲区末尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="255"/>
        <source>implicitTiling needs a subdivisionScheme QUADTREE or OCTREE, subtreeLevels and availableLevels from 1 to 64 and a subtrees uri</source>
        <translation>implicitTiling 需要 QUADTREE 或 OCTREE 的 subdivisionScheme、1 到 64 的 subtreeLevels 和 availableLevels，以及 subtrees uri</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="256"/>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="257"/>
        <source>impossible value: {why}</source>
        <translation>不可能的数值：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="267"/>
        <source>is a file: the tileset is written into a folder</source>
        <translation>这是一个文件：瓦片集要写入文件夹</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="268"/>
        <source>is not well-formed XML at line {line}, column {column}: {error}</source>
        <translation>不是格式正确的 XML（第 {line} 行第 {column} 列）：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="270"/>
        <source>its geometry cannot be read</source>
        <translation>其几何无法读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="273"/>
        <source>larger than {limit} bytes: not an EPANET file cimview reads</source>
        <translation>超过 {limit} 字节：cimview 不读取这么大的 EPANET 文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="274"/>
        <source>latitude {lat} / longitude {lon} are not on the Earth</source>
        <translation>纬度 {lat} / 经度 {lon} 不在地球上</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="275"/>
        <source>layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="276"/>
        <source>levels contradict each other: a 单元 without a 楼栋</source>
        <translation>级别相互矛盾：有单元而无楼栋</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="277"/>
        <source>levels contradict each other: a 楼栋 without a 门牌 or 小区</source>
        <translation>级别相互矛盾：有楼栋而无门牌或小区</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="278"/>
        <source>levels contradict each other: a 门牌 without a 街路巷 or 小区</source>
        <translation>级别相互矛盾：有门牌而无街路巷或小区</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="279"/>
        <source>lies outside the area the map&apos;s CRS {crs} is made for; open it in a map of its own CRS ({own})</source>
        <translation>超出地图坐标系 {crs} 的适用范围；请在采用其自身坐标系（{own}）的地图中打开</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="296"/>
        <source>no .cpg file: attribute text read as {encoding} (guessed from the bytes)</source>
        <translation>没有 .cpg 文件：属性文本按 {encoding} 读取（根据字节内容推测）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="302"/>
        <source>no address level filled in</source>
        <translation>未填写任何地址级别</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="303"/>
        <source>no cache is open to read the table {table} from</source>
        <translation>没有打开缓存，无法读取表 {table}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="305"/>
        <source>no column names an address level (省 … 单元): the columns are {columns}; map them with --map, e.g. --map 门牌=MPH</source>
        <translation>没有任何列对应地址级别（省 … 单元）：现有列为 {columns}；请用 --map 指定，例如 --map 门牌=MPH</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="307"/>
        <source>no coordinates and no building code</source>
        <translation>既无坐标也无建筑编码</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="308"/>
        <source>no coordinates, and no building has the code {code}</source>
        <translation>无坐标，且没有建筑的编码为 {code}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="309"/>
        <source>no display to open a window on (DISPLAY is not set); run cimview in a desktop session, or use &apos;cimview info CACHE&apos;</source>
        <translation>没有可打开窗口的显示器（未设置 DISPLAY）；请在桌面会话中运行 cimview，或使用“cimview info 缓存文件”</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="310"/>
        <source>no edge of the red line faces a road</source>
        <translation>红线没有临道路的边</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="311"/>
        <source>no external door on the entrance storey: the height is measured from the lowest ground along the footprint</source>
        <translation>入口层没有外门：高度自基底沿线最低室外地面起算</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="317"/>
        <source>no other building within {reach} m</source>
        <translation>{reach} 米内没有其他建筑</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="318"/>
        <source>no parcel has the code {code}</source>
        <translation>没有编码为 {code} 的地块</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="319"/>
        <source>no pipeline class</source>
        <translation>缺少管线类别</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="320"/>
        <source>no pipeline class field: imported as a water supply network (EPANET); give --profile, or --map class=FIELD, for another kind of survey</source>
        <translation>没有管线类别字段：按给水管网（EPANET）导入；其他类型的普查请用 --profile 或 --map class=字段 指定</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="321"/>
        <source>no scenario {name}; scenarios: {names}</source>
        <translation>没有方案 {name}；现有方案：{names}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="322"/>
        <source>no specification of {file} applies to an {schema} model</source>
        <translation>{file} 中没有适用于 {schema} 模型的规范条目</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="323"/>
        <source>no such IFC file</source>
        <translation>没有该 IFC 文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="324"/>
        <source>no such address profile; profiles: {known}</source>
        <translation>没有此地址字段映射方案；现有方案：{known}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="325"/>
        <source>no such cache</source>
        <translation>没有这个缓存</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="327"/>
        <source>no such cache; give --crs to create it</source>
        <translation>没有该缓存；请用 --crs 指定坐标系以新建</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="328"/>
        <source>no such de-sensitising profile; profiles: {known}</source>
        <translation>没有此脱敏方案；现有方案：{known}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="330"/>
        <source>no such folder or tileset file</source>
        <translation>没有这个文件夹或瓦片集文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="331"/>
        <source>no such pipeline profile; profiles: {known}</source>
        <translation>没有此管线字段映射方案；现有方案：{known}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="333"/>
        <source>no tile of the tileset covers the work area</source>
        <translation>该瓦片集没有任何瓦片覆盖作业区</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="336"/>
        <source>no {layers} in --bbox {bbox}: it misses the data, which covers {extent} (in the cache&apos;s CRS, as MINX,MINY,MAXX,MAXY)</source>
        <translation>--bbox {bbox} 内没有 {layers}：范围没有落在数据上，数据覆盖 {extent}（缓存坐标系，MINX,MINY,MAXX,MAXY）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="337"/>
        <source>not CityGML: the root element is {tag}</source>
        <translation>不是 CityGML：根元素是 {tag}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="339"/>
        <source>not CityJSONSeq: the first line is not a CityJSON header (give the header file with --metadata metadata.city.json)</source>
        <translation>不是 CityJSONSeq：第一行不是 CityJSON 头（请用 --metadata metadata.city.json 给出头文件）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="344"/>
        <source>not a CityJSON header: no &quot;type&quot;: &quot;CityJSON&quot; at the top level</source>
        <translation>不是 CityJSON 头：顶层没有 &quot;type&quot;: &quot;CityJSON&quot;</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="348"/>
        <source>not a JSON file: {why}</source>
        <translation>不是 JSON 文件：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="352"/>
        <source>not a de-sensitising profile: {error}</source>
        <translation>不是脱敏方案：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="354"/>
        <source>not a glTF file: {why}</source>
        <translation>不是 glTF 文件：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="355"/>
        <source>not a glb file: {why}</source>
        <translation>不是 glb 文件：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="356"/>
        <source>not a line ({kind}): a pipe is one line; import points with --as pipe-points</source>
        <translation>不是线（类型 {kind}）：一条管线应为一条线；管点请用 --as pipe-points 导入</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="357"/>
        <source>not a pipeline profile: {error}</source>
        <translation>不是管线字段映射方案：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="358"/>
        <source>not a point: pipe points are points; import lines with --as pipelines</source>
        <translation>不是点：管点应为点；管线（线）请用 --as pipelines 导入</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="360"/>
        <source>not a readable Excel workbook: {error}</source>
        <translation>不是可读取的 Excel 工作簿：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="364"/>
        <source>not a scenario feature</source>
        <translation>不是方案要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="365"/>
        <source>not a subtree file</source>
        <translation>不是子树文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="366"/>
        <source>not a valid IDS file: {error}</source>
        <translation>不是有效的 IDS 文件：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="367"/>
        <source>not an EPANET network: no [PIPES] section</source>
        <translation>不是 EPANET 管网：没有 [PIPES] 节</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="374"/>
        <source>not an address profile: {error}</source>
        <translation>不是地址字段映射方案：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="377"/>
        <source>not for this model&apos;s schema {schema}: {specifications}</source>
        <translation>不适用于本模型的 IFC 版本 {schema}：{specifications}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="382"/>
        <source>nothing chosen to remove</source>
        <translation>未选择要拆除的对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="383"/>
        <source>nothing to export: no layer with features may leave under the profile {profile}</source>
        <translation>无可导出内容：在方案 {profile} 下，没有含要素的图层允许导出</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="386"/>
        <source>nothing to import: the file holds no pipes</source>
        <translation>无可导入内容：文件中没有管线</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="388"/>
        <source>open a cache before adding a 3D Tiles layer</source>
        <translation>请先打开缓存，再添加三维瓦片图层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="393"/>
        <source>placing the features in the cache&apos;s coordinates</source>
        <translation>将要素转换到缓存的坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="396"/>
        <source>property table {index} does not exist</source>
        <translation>属性表 {index} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="397"/>
        <source>property {column} has a bad array count</source>
        <translation>属性 {column} 的数组长度有误</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="398"/>
        <source>property {column} has component type {ctype}</source>
        <translation>属性 {column} 的分量类型为 {ctype}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="399"/>
        <source>property {column} has fewer values than its table</source>
        <translation>属性 {column} 的值少于其表的行数</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="400"/>
        <source>property {column} has offsets that go backwards</source>
        <translation>属性 {column} 的偏移量倒退</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="401"/>
        <source>property {column} has type {kind}</source>
        <translation>属性 {column} 的类型为 {kind}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="402"/>
        <source>property {column} is not in class {cls}</source>
        <translation>属性 {column} 不在类 {cls} 中</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="403"/>
        <source>property {column} names no enum of the schema</source>
        <translation>属性 {column} 未指明模式中的枚举</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="404"/>
        <source>property {column} names no usable buffer view</source>
        <translation>属性 {column} 未指明可用的缓冲区视图</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="408"/>
        <source>reading the file</source>
        <translation>读取文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="411"/>
        <source>refine is {refine}: it must be ADD or REPLACE</source>
        <translation>refine 为 {refine}：必须是 ADD 或 REPLACE</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="412"/>
        <source>refused: {layers} may not leave under the profile {profile}; choose a profile that de-sensitises them (cimview export --desensitise), or leave them out</source>
        <translation>已拒绝：在方案 {profile} 下不允许导出 {layers}；请选择能对其脱敏的方案（cimview export --desensitise），或不导出这些图层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="413"/>
        <source>rule {n} has no {field}</source>
        <translation>第 {n} 条规则缺少 {field}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="414"/>
        <source>rule {n} is not an object</source>
        <translation>第 {n} 条规则不是对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="415"/>
        <source>rule {rule} appears twice</source>
        <translation>规则 {rule} 出现了两次</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="416"/>
        <source>rule {rule}: params must be an object</source>
        <translation>规则 {rule}：params 必须是对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="417"/>
        <source>rule {rule}: sunlight parameter {name} = {value} is not usable</source>
        <translation>规则 {rule}：日照参数 {name} = {value} 不可用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="418"/>
        <source>rule {rule}: the limit must be a number or parcel.&lt;field&gt;</source>
        <translation>规则 {rule}：限值必须是数字或 parcel.&lt;字段&gt;</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="419"/>
        <source>rule {rule}: unknown check {check}</source>
        <translation>规则 {rule}：未知的检查 {check}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="420"/>
        <source>rule {rule}: unknown comparison {compare}</source>
        <translation>规则 {rule}：未知的比较方式 {compare}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="421"/>
        <source>rule {rule}: unknown sunlight parameter {name}</source>
        <translation>规则 {rule}：未知的日照参数 {name}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="423"/>
        <source>scenario {name} not stored: {reason}</source>
        <translation>方案 {name} 未保存：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="424"/>
        <source>scenario {name}: a planned feature of an unknown layer {layer}</source>
        <translation>方案 {name}：规划要素属于未知图层 {layer}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="425"/>
        <source>scenario {name}: a planned feature without id or properties</source>
        <translation>方案 {name}：规划要素缺少标识或属性</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="426"/>
        <source>scenario {name}: a planned {layer} feature has no geometry</source>
        <translation>方案 {name}：规划的{layer}要素没有几何</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="427"/>
        <source>scenario {name}: a planned {layer} feature&apos;s geometry is not GeoJSON</source>
        <translation>方案 {name}：规划的{layer}要素几何不是 GeoJSON</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="428"/>
        <source>scenario {name}: a removal without a feature or a time</source>
        <translation>方案 {name}：拆除记录缺少要素或时间</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="429"/>
        <source>scenario {name}: changed here since it was last pushed; kept as it is here (push it to share it)</source>
        <translation>方案 {name}：自上次推送后已在本地修改，保留本地版本（推送后才能共享）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="430"/>
        <source>scenario {name}: changed on the platform since this cache last saw it; download it first (not overwritten)</source>
        <translation>方案 {name}：平台上的版本在本缓存上次同步后已被修改，请先下载（未覆盖）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="431"/>
        <source>scenario {name}: ends and features must be lists</source>
        <translation>方案 {name}：拆除记录和规划要素必须是列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="432"/>
        <source>scenario {name}: its parent is not a scenario id</source>
        <translation>方案 {name}：其上级方案不是有效的方案标识</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="433"/>
        <source>scenario {name}: more than {n} planned features or removals</source>
        <translation>方案 {name}：规划要素或拆除记录超过 {n} 条</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="434"/>
        <source>scenario {name}: planned {layer} coordinates are not longitude and latitude</source>
        <translation>方案 {name}：规划的{layer}坐标不是经纬度</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="435"/>
        <source>scenario {name}: the platform&apos;s copy differs from what was sent; pushed again next time</source>
        <translation>方案 {name}：平台上的副本与发送的不一致，下次将再次推送</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="436"/>
        <source>scenario {name}: {error}</source>
        <translation>方案 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="438"/>
        <source>sparse accessor {index} is not supported</source>
        <translation>不支持稀疏访问器 {index}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="440"/>
        <source>subtree buffer view {index} is out of bounds</source>
        <translation>子树缓冲区视图 {index} 越界</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="441"/>
        <source>subtree buffer {index} has no byteLength</source>
        <translation>子树缓冲区 {index} 没有 byteLength</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="442"/>
        <source>subtree buffer {index} is shorter than its byteLength</source>
        <translation>子树缓冲区 {index} 短于其 byteLength</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="443"/>
        <source>subtree version {version} is not supported (only 1)</source>
        <translation>不支持子树版本 {version}（仅支持 1）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="444"/>
        <source>subtree {level}/{coords} says its own root is not available</source>
        <translation>子树 {level}/{coords} 声明其根瓦片不可用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="445"/>
        <source>subtreeLevels {levels} makes subtrees too large to read</source>
        <translation>subtreeLevels {levels} 使子树过大，无法读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="446"/>
        <source>sunlight needs the embreex package (ray casting): install it with pip</source>
        <translation>日照计算需要 embreex 包（光线求交）：请用 pip 安装</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="449"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="451"/>
        <source>texture {index} does not exist</source>
        <translation>纹理 {index} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="452"/>
        <source>the BIM model {sha256}… is not kept in this cache: open its IFC file</source>
        <translation>BIM 模型 {sha256}… 不在此缓存中：请打开其 IFC 文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="456"/>
        <source>the IDS file does not exist</source>
        <translation>IDS 文件不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="457"/>
        <source>the IFC file cannot be read: {error}</source>
        <translation>无法读取 IFC 文件：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="467"/>
        <source>the X/Y columns fit {crs} in both orders or in neither; say which is the easting: --map easting=X --map northing=Y (or the other way)</source>
        <translation>X/Y 列在 {crs} 中两种顺序都成立或都不成立；请指明哪一列是东坐标：--map easting=X --map northing=Y（或相反）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="470"/>
        <source>the b3dm is cut short ({size} bytes)</source>
        <translation>b3dm 文件被截断（{size} 字节）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="471"/>
        <source>the b3dm says {stated} bytes but has {size}</source>
        <translation>b3dm 声明 {stated} 字节，实际为 {size} 字节</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="472"/>
        <source>the b3dm&apos;s table lengths pass the end of the file</source>
        <translation>b3dm 的表长度超出文件末尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="473"/>
        <source>the bounding volume has none of box, region, sphere</source>
        <translation>包围体不含 box、region、sphere 中的任何一种</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="477"/>
        <source>the cache has no terrain (DEM) to measure the ground at the entrance</source>
        <translation>缓存中没有地形（DEM），无法确定入口处地面标高</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="478"/>
        <source>the cache has no tileset {name}</source>
        <translation>缓存中没有瓦片集 {name}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="479"/>
        <source>the cache holds no table {table}</source>
        <translation>缓存中没有表 {table}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="480"/>
        <source>the cache holds no {layers}: nothing to export</source>
        <translation>缓存中没有 {layers}：没有可导出的内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="482"/>
        <source>the cache is encrypted: give its passphrase (the window asks for it; on the command line, type it when asked or set ${env})</source>
        <translation>缓存已加密：请提供口令（窗口会询问；命令行下按提示输入，或设置 ${env}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="484"/>
        <source>the cache is not encrypted</source>
        <translation>缓存未加密</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="487"/>
        <source>the content has more than {limit} vertices</source>
        <translation>内容的顶点超过 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="490"/>
        <source>the data&apos;s centre {centre} cannot be placed on the Earth from the cache CRS {crs}</source>
        <translation>数据中心 {centre} 无法从缓存坐标系 {crs} 定位到地球上</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="491"/>
        <source>the declared floor area {declared} m² differs from the storey slab outlines&apos; {measured} m² by more than {share}%</source>
        <translation>申报建筑面积 {declared} 平方米与楼板轮廓计算的 {measured} 平方米相差超过 {share}%</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="493"/>
        <source>the disk is full: {needed} bytes needed for {name}, {free} free; nothing of this tileset was kept</source>
        <translation>磁盘已满：{name} 需要 {needed} 字节，剩余 {free} 字节；该瓦片集未保留任何内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="494"/>
        <source>the expression ends where {expected} was expected</source>
        <translation>表达式不完整，此处应为：{expected}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="495"/>
        <source>the expression is empty</source>
        <translation>表达式为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="496"/>
        <source>the expression is {n} characters long, at most {limit} are read</source>
        <translation>表达式长 {n} 个字符，最多只读取 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="497"/>
        <source>the expression nests deeper than {limit} levels</source>
        <translation>表达式嵌套超过 {limit} 层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="498"/>
        <source>the feature table has no BATCH_LENGTH of 0 or more</source>
        <translation>要素表没有不小于 0 的 BATCH_LENGTH</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="500"/>
        <source>the fields have different lengths: {lengths}</source>
        <translation>各字段长度不一致：{lengths}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="502"/>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="503"/>
        <source>the file has changed since it was loaded: open it again</source>
        <translation>文件在加载后已被修改：请重新打开</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="505"/>
        <source>the file has {n} layers; read {layer}, the only one of {geometry} (choose another with --layer)</source>
        <translation>文件有 {n} 个图层；已读取 {layer}，它是唯一的 {geometry} 图层（可用 --layer 选择其他图层）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="506"/>
        <source>the file has {size} bytes, more than the {limit} allowed</source>
        <translation>文件有 {size} 字节，超过允许的 {limit} 字节</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="507"/>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="510"/>
        <source>the folder holds no tileset.json</source>
        <translation>该文件夹中没有 tileset.json</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="511"/>
        <source>the folder is not empty and holds no tileset cimview wrote: choose an empty or new folder, or add --force to write into it (its {entries} are then replaced)</source>
        <translation>该文件夹不是空的，也没有 cimview 写出的瓦片集：请选择空的或新的文件夹，或加上 --force 写入（其中的 {entries} 将被替换）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="512"/>
        <source>the glTF node tree is broken at node {index}</source>
        <translation>glTF 节点树在节点 {index} 处损坏</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="513"/>
        <source>the glb is cut short ({size} bytes)</source>
        <translation>glb 文件被截断（{size} 字节）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="514"/>
        <source>the glb says {stated} bytes but has {size}</source>
        <translation>glb 声明 {stated} 字节，实际为 {size} 字节</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="515"/>
        <source>the gzip stream is damaged or cut short ({error})</source>
        <translation>gzip 数据流已损坏或不完整（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="516"/>
        <source>the implicit tiling passes {limit} tiles or {depth} levels</source>
        <translation>隐式瓦片划分超过 {limit} 个瓦片或 {depth} 层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="517"/>
        <source>the indices of mesh {index} are not triangles of its vertices</source>
        <translation>网格 {index} 的索引不是其顶点组成的三角形</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="518"/>
        <source>the layer has neither a file nor a table to read</source>
        <translation>该图层既没有可读取的文件，也没有可读取的表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="524"/>
        <source>the model cannot be read again: {error}</source>
        <translation>无法再次读取模型：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="525"/>
        <source>the model cannot be read: {error}</source>
        <translation>无法读取模型：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="526"/>
        <source>the model carries no green area (no {classes} named {keywords})</source>
        <translation>模型中没有绿地（没有名称为 {keywords} 的 {classes}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="527"/>
        <source>the model does not carry what the rule needs</source>
        <translation>模型缺少该规则所需的信息</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="528"/>
        <source>the model does not say which floors are homes (no OccupancyType on its building, storeys or spaces)</source>
        <translation>模型未说明哪些楼层为住宅（建筑、楼层和空间均无 OccupancyType）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="529"/>
        <source>the model does not state its fire-resistance rating (Pset_BuildingCommon FireProtectionClass)</source>
        <translation>模型未注明耐火等级（Pset_BuildingCommon FireProtectionClass）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="530"/>
        <source>the model has no building geometry to place on the map</source>
        <translation>模型没有可放到地图上的建筑几何</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="531"/>
        <source>the model has no floor area: no Qto_BuildingBaseQuantities, no spaces with areas and no storey slabs</source>
        <translation>模型没有建筑面积：没有 Qto_BuildingBaseQuantities、带面积的空间或楼层楼板</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="532"/>
        <source>the model has no footprint on the map</source>
        <translation>模型在地图上没有基底轮廓</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="533"/>
        <source>the model has no geometry to cast a shadow</source>
        <translation>模型没有可投射阴影的几何</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="534"/>
        <source>the model has no roof or parapet ({classes}) to measure its height to</source>
        <translation>模型没有屋面或女儿墙（{classes}），无法计算高度</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="535"/>
        <source>the model has no storey with building geometry</source>
        <translation>模型没有带建筑几何的楼层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="537"/>
        <source>the model is placed by {method}: distances on the map are only as good as that placement</source>
        <translation>模型由 {method} 定位：地图上的距离精度取决于该定位</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="538"/>
        <source>the model stands on no parcel of the cache (at {x:.1f}, {y:.1f}): name one with its code</source>
        <translation>模型（位于 {x:.1f}, {y:.1f}）不在缓存的任何地块上：请用编码指定地块</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="544"/>
        <source>the outline crosses itself: draw its corners in order</source>
        <translation>轮廓自相交：请按顺序点击各角点</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="545"/>
        <source>the outline encloses {area} m²: too small for a building</source>
        <translation>轮廓面积仅 {area} m²，不足以构成一栋建筑</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="546"/>
        <source>the parcel has no {field}</source>
        <translation>地块缺少 {field}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="547"/>
        <source>the passphrase does not open this cache (a wrong passphrase, or the file is not a cimview cache)</source>
        <translation>此口令无法打开该缓存（口令错误，或该文件不是 cimview 缓存）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="550"/>
        <source>the platform dropped the connection</source>
        <translation>平台断开了连接</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="568"/>
        <source>the platform has no collection {collection}: the scenarios stay here</source>
        <translation>平台没有 {collection} 集合：方案仅保留在本地</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="573"/>
        <source>the platform refused the connection (is it running?)</source>
        <translation>平台拒绝连接（平台在运行吗？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="576"/>
        <source>the platform stopped answering</source>
        <translation>平台停止了响应</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="577"/>
        <source>the platform was not told the trail&apos;s last entries ({error}); the next push tells it</source>
        <translation>未能向平台报送留痕记录的最新条目（{error}）；下次推送时将报送</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="578"/>
        <source>the platform&apos;s host name is unknown (is the address right, is the network up?)</source>
        <translation>无法解析平台的主机名（地址对吗？网络通吗？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="579"/>
        <source>the platform&apos;s trail head is not one (expected trail, count and sha256)</source>
        <translation>平台返回的留痕链头无效（应含 trail、count 和 sha256）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="580"/>
        <source>the platform&apos;s {layers} are graded {grade}{secret}: a work area holding them is downloaded encrypted; give a passphrase</source>
        <translation>平台的 {layers} 定级为{grade}{secret}：含这些数据的工作区须加密下载；请提供口令</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="581"/>
        <source>the point is inside the building {name} (fid {fid})</source>
        <translation>该点位于建筑 {name}（fid {fid}）内部</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="582"/>
        <source>the point is {d} m below the terrain</source>
        <translation>该点低于地面 {d} 米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="583"/>
        <source>the point {x}, {y} has no longitude and latitude in {crs}</source>
        <translation>点 {x}, {y} 在 {crs} 中没有经纬度</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="584"/>
        <source>the profile names unknown fields or units: {what}</source>
        <translation>映射方案中有未知字段或单位：{what}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="585"/>
        <source>the profile names unknown fields {fields}</source>
        <translation>映射方案中有未知字段 {fields}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="588"/>
        <source>the proposal: {kind}, rating {rating}</source>
        <translation>本方案：{kind}，耐火等级{rating}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="590"/>
        <source>the rule set cannot be read: {error}</source>
        <translation>无法读取规则集：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="591"/>
        <source>the rule set has no list of rules</source>
        <translation>规则集中没有规则列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="592"/>
        <source>the rule set has no {field}</source>
        <translation>规则集缺少 {field}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="593"/>
        <source>the rule set is not valid JSON: {error} (line {line})</source>
        <translation>规则集不是有效的 JSON：{error}（第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="594"/>
        <source>the rule set names no IDS file for rule {rule}</source>
        <translation>规则集没有为规则 {rule} 指定 IDS 文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="595"/>
        <source>the screenshot {file} cannot be read as an image</source>
        <translation>截图 {file} 无法作为图像读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="596"/>
        <source>the sequence&apos;s own header (line 1) was replaced by {file}</source>
        <translation>序列自带的头（第 1 行）已由 {file} 替代</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="598"/>
        <source>the solar term {term} is not near {date} in {year}</source>
        <translation>{year} 年的节气{term}不在 {date} 附近</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="602"/>
        <source>the storey {storey} has no outline in the model</source>
        <translation>楼层 {storey} 在模型中没有轮廓</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="603"/>
        <source>the subtree JSON is not JSON: {why}</source>
        <translation>子树 JSON 不是有效的 JSON：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="604"/>
        <source>the subtree JSON is not an object</source>
        <translation>子树 JSON 不是对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="605"/>
        <source>the subtree&apos;s chunk lengths pass the end of the file</source>
        <translation>子树的块长度超出文件末尾</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="606"/>
        <source>the sun does not rise above {alt}° in the time window on {day}</source>
        <translation>{day}在计算时段内太阳高度角不超过 {alt}°</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="607"/>
        <source>the table {table} has no geometry: it can be opened as a table, not drawn</source>
        <translation>表 {table} 没有几何：只能作为表格打开，无法绘制</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="610"/>
        <source>the terrain (DEM) does not cover the model</source>
        <translation>地形（DEM）未覆盖模型</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="611"/>
        <source>the text is neither UTF-8 nor GB18030: give --encoding</source>
        <translation>文本既非 UTF-8 也非 GB18030：请用 --encoding 指定编码</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="612"/>
        <source>the tile has no bounding volume</source>
        <translation>瓦片没有包围体</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="613"/>
        <source>the tileset address {url} is not an http:// or https:// URL</source>
        <translation>瓦片集地址 {url} 不是 http:// 或 https:// 网址</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="614"/>
        <source>the tileset has more than {limit} tiles</source>
        <translation>瓦片集的瓦片超过 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="615"/>
        <source>the tileset has no root tile</source>
        <translation>瓦片集没有根瓦片</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="616"/>
        <source>the tileset is not placed on the Earth: its points are {radius} m from the Earth&apos;s centre (a local model with no transform to ECEF)</source>
        <translation>该瓦片集未定位到地球上：其点距地心 {radius} 米（一个没有到 ECEF 变换的局部模型）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="617"/>
        <source>the tileset&apos;s coordinates cannot be carried into the cache CRS {crs}</source>
        <translation>该瓦片集的坐标无法转换到缓存坐标系 {crs}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="618"/>
        <source>the tileset&apos;s geometricError must be a number of 0 or more</source>
        <translation>瓦片集的 geometricError 必须是不小于 0 的数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="622"/>
        <source>the trail ends at entry {count}, but {known} entries were reported to the platform: entries were removed from its end</source>
        <translation>留痕记录止于第 {count} 条，但已向平台报送 {known} 条：末尾的记录被删除</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="623"/>
        <source>the trail is empty</source>
        <translation>留痕记录为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="624"/>
        <source>the tree is deeper than {limit} levels</source>
        <translation>瓦片树深度超过 {limit} 层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="625"/>
        <source>the uri leaves the tileset folder {root}</source>
        <translation>uri 超出瓦片集文件夹 {root}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="626"/>
        <source>the uri {uri} leaves the tileset&apos;s address: not fetched</source>
        <translation>uri {uri} 超出了瓦片集的地址范围：未下载</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="629"/>
        <source>the workbook&apos;s first sheet is empty</source>
        <translation>工作簿的第一个工作表为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="630"/>
        <source>the {part} is not JSON: {why}</source>
        <translation>{part} 不是有效的 JSON：{why}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="631"/>
        <source>the {part} is not a JSON object</source>
        <translation>{part} 不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="632"/>
        <source>the {what} opened at character {at} is not closed</source>
        <translation>第 {at} 个字符处开始的{what}没有闭合</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="633"/>
        <source>there is no field {name}; the fields are: {fields}</source>
        <translation>没有字段 {name}；现有字段：{fields}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="634"/>
        <source>tileset {layer}: the download stopped at its limit of {limit} bytes ({tiles} tiles); finer levels of the work area are missing</source>
        <translation>瓦片集 {layer}：下载已在 {limit} 字节的上限处停止（{tiles} 个瓦片）；作业区较精细的层级缺失</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="635"/>
        <source>tileset {layer}: the download stopped at its limit of {limit} levels; finer levels of the work area are missing</source>
        <translation>瓦片集 {layer}：下载已在 {limit} 层的上限处停止；作业区较精细的层级缺失</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="636"/>
        <source>tileset {layer}: the download stopped at its limit of {limit} tiles; finer levels of the work area are missing</source>
        <translation>瓦片集 {layer}：下载已在 {limit} 个瓦片的上限处停止；作业区较精细的层级缺失</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="637"/>
        <source>tileset {name}: its folder {uri} is outside the cache&apos;s folder {base}: refused</source>
        <translation>瓦片集 {name}：其文件夹 {uri} 位于缓存文件夹 {base} 之外：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="638"/>
        <source>tileset {name}: its kind {kind} is not a word</source>
        <translation>瓦片集 {name}：其类型 {kind} 不是一个有效的词</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="639"/>
        <source>tileset {name}: its location {uri} is not a folder or a URL</source>
        <translation>瓦片集 {name}：其位置 {uri} 既不是文件夹也不是网址</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="640"/>
        <source>tileset {name}: the URL {uri} names no host</source>
        <translation>瓦片集 {name}：网址 {uri} 没有主机名</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="641"/>
        <source>tileset {name}: {problem}</source>
        <translation>瓦片集 {name}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="642"/>
        <source>tileset {name}: {uri} is neither a local folder nor an http(s) URL</source>
        <translation>瓦片集 {name}：{uri} 既不是本地文件夹也不是 http(s) 网址</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="643"/>
        <source>tileset {name}: {where}: {problem}</source>
        <translation>瓦片集 {name}：{where}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="644"/>
        <source>time window {start}–{end} min with a step of {step} min is not usable</source>
        <translation>时段 {start}–{end} 分钟、步长 {step} 分钟不可用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="646"/>
        <source>transform must be 16 finite numbers</source>
        <translation>transform 必须是 16 个有限数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="653"/>
        <source>unexpected character {char} at character {at}</source>
        <translation>第 {at} 个字符 {char} 不合语法</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="656"/>
        <source>unknown coordinate reference system {value} for the {what}; use a code such as EPSG:4547</source>
        <translation>{what}的坐标参考系 {value} 无法识别；请使用 EPSG:4547 这样的代码</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="658"/>
        <source>unknown layers {layers}; layers: {known}</source>
        <translation>未知图层 {layers}；现有图层：{known}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="659"/>
        <source>unknown pipeline class {value}</source>
        <translation>未知的管线类别 {value}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="660"/>
        <source>unknown standard day {term}: expected one of {known}</source>
        <translation>未知的日照标准日 {term}：应为 {known} 之一</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="664"/>
        <source>uri {uri} leaves the tileset&apos;s folder</source>
        <translation>uri {uri} 超出瓦片集所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="671"/>
        <source>writing a PDF needs a Qt application (QGuiApplication)</source>
        <translation>写出 PDF 需要 Qt 应用程序（QGuiApplication）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="672"/>
        <source>writing the cache</source>
        <translation>写入缓存</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="678"/>
        <source>{column}: {value} is not a year or a date (e.g. 2012, 2012-06-30)</source>
        <translation>{column}：{value} 不是年份或日期（例如 2012、2012-06-30）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="679"/>
        <source>{date} ({term}) at {lon}°E {lat}°N</source>
        <translation>{date}（{term}），东经 {lon}°，北纬 {lat}°</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="680"/>
        <source>{expected} expected at character {at}, not {token}</source>
        <translation>第 {at} 个字符处应为{expected}，而不是 {token}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="681"/>
        <source>{family} is not a kind of geometry; choose point, line or polygon</source>
        <translation>{family} 不是几何类型；请选择 point（点）、line（线）或 polygon（面）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="686"/>
        <source>{file}: the model has no building elements to place on the map</source>
        <translation>{file}：模型中没有可放到地图上的建筑构件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="692"/>
        <source>{layer}: not a layer of the cache whose features can be removed</source>
        <translation>{layer}：不是缓存中可规划拆除要素的图层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="696"/>
        <source>{layer}: {done} of {total} tiles written</source>
        <translation>{layer}：已写出 {done}/{total} 个瓦片</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="700"/>
        <source>{met} of {total} delivery requirements met</source>
        <translation>交付要求满足 {met}/{total} 项</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="702"/>
        <source>{n} XLinks point outside their building and were not followed</source>
        <translation>{n} 个 XLink 指向其所属建筑之外，未跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="704"/>
        <source>{n} buildings without a height were left out of the occluders</source>
        <translation>{n} 栋没有高度的建筑未计入遮挡物</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="705"/>
        <source>{n} entries, head {head}: the trail verifies</source>
        <translation>共 {n} 条记录，最新哈希 {head}：留痕记录校验通过</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="706"/>
        <source>{n} entries: the trail does not verify ({problems} problems)</source>
        <translation>共 {n} 条记录：留痕记录校验未通过（{problems} 处问题）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="707"/>
        <source>{n} features end before they start: their end was left open</source>
        <translation>{n} 个要素的结束时间早于开始时间：结束时间已留空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="708"/>
        <source>{n} features ended before today: kept as history, not drawn now (see them with --time)</source>
        <translation>{n} 个要素在今天之前已结束：作为历史保留，当前不显示（可用 --time 查看）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="709"/>
        <source>{n} features have a {field} that is not a date: left open</source>
        <translation>{n} 个要素的 {field} 不是日期：已留空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="710"/>
        <source>{n} features lie outside the area of the map&apos;s CRS and were left out</source>
        <translation>{n} 个要素超出地图坐标系的适用范围，已略去</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="711"/>
        <source>{n} features of another kind ({family}) were left out: a layer holds one kind of geometry; add the file again choosing {family}</source>
        <translation>已略去 {n} 个其他类型（{family}）的要素：一个图层只能包含一种几何类型；如需这些要素，请再次添加该文件并选择 {family}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="712"/>
        <source>{n} features with coordinates impossible in their CRS were left out</source>
        <translation>已略去 {n} 个坐标在其坐标系中不可能存在的要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="713"/>
        <source>{n} features without geometry were left out</source>
        <translation>已略去 {n} 个没有几何的要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="715"/>
        <source>{n} invalid geometries could not be repaired and were left out</source>
        <translation>{n} 个无效几何无法修复，已略去</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="716"/>
        <source>{n} invalid geometries were repaired</source>
        <translation>已修复 {n} 个无效几何</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="720"/>
        <source>{n} pipe points have no depth in the file: estimated per class (resources/pipeline_profiles/rules.json)</source>
        <translation>{n} 个管点在文件中没有埋深：已按类别估算（resources/pipeline_profiles/rules.json）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="721"/>
        <source>{n} pipe points have no ground height (no DEM there, no 地面高程): they are placed at their depth below height 0</source>
        <translation>{n} 个管点没有地面高程（该处无 DEM，也无“地面高程”字段）：按埋深置于高程 0 以下</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="722"/>
        <source>{n} pipe vertices lie outside the cache&apos;s DEM (or there is none): they are placed at their depth below height 0</source>
        <translation>{n} 个管线节点位于缓存的 DEM 之外（或缓存没有 DEM）：按埋深置于高程 0 以下</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="723"/>
        <source>{n} pipes have no depth in the file: estimated per class (resources/pipeline_profiles/rules.json)</source>
        <translation>{n} 条管线在文件中没有埋深：已按类别估算（resources/pipeline_profiles/rules.json）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="724"/>
        <source>{n} receivers left out: their facades could not get {h} h even with nothing in front</source>
        <translation>{n} 个受影点未计入：即使前方无遮挡，其所在外墙也达不到 {h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="725"/>
        <source>{n} receivers left out: their facades face more than {deg}° away from south</source>
        <translation>{n} 个受影点未计入：其所在外墙朝向偏离正南超过 {deg}°</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="726"/>
        <source>{n} receivers on the floor; {rays} rays cast</source>
        <translation>该层 {n} 个受影点；计算射线 {rays} 条</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="727"/>
        <source>{n} receivers on {b} residential buildings; {rays} rays cast</source>
        <translation>{b} 栋住宅上共 {n} 个受影点；计算射线 {rays} 条</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="728"/>
        <source>{n} receivers were below the standard already without the proposal, which takes nothing more from them</source>
        <translation>{n} 个受影点在无本方案时已低于标准，本方案未使其进一步减少</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="729"/>
        <source>{n} rings have 2D coordinates: their z was set to 0</source>
        <translation>{n} 个环只有二维坐标：其 z 设为 0</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="732"/>
        <source>{part} constant must be 0 or 1</source>
        <translation>{part} 常量必须是 0 或 1</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="733"/>
        <source>{part} has {bits} bits for {count} tiles</source>
        <translation>{part} 有 {bits} 位，而瓦片有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="734"/>
        <source>{part} names no buffer view</source>
        <translation>{part} 未指明缓冲区视图</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="736"/>
        <source>{tst0}–{tst1} true solar time is {bjt0}–{bjt1} Beijing time</source>
        <translation>真太阳时 {tst0}–{tst1} 即北京时间 {bjt0}–{bjt1}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="738"/>
        <source>{value}: not a trail head (expected COUNT:SHA256, the SHA-256 as 64 hex digits)</source>
        <translation>{value}：不是留痕记录的最新状态（应为 条数:SHA256，SHA-256 为 64 位十六进制数）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="750"/>
        <source>{what} has the x axis vector ({a:g}, {o:g}): no rotation assumed</source>
        <translation>{what} 的 x 轴向量为 ({a:g}, {o:g})：按无旋转处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="754"/>
        <source>{what} is {declared:g}, which cannot be a scale (project unit {project_unit} and map unit {map_unit}): ignored, {expected:g} used</source>
        <translation>{what} 为 {declared:g}，不可能是比例（项目单位 {project_unit}，地图单位 {map_unit}）：已忽略，改用 {expected:g}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="756"/>
        <source>{what} is {declared:g}, with project unit {project_unit} and map unit {map_unit}: the unit conversion {expected:g} was taken as implied, as exporters intend (applied literally, it would make the model {too_large:g} times too large)</source>
        <translation>{what} 为 {declared:g}，项目单位 {project_unit}，地图单位 {map_unit}：按导出软件的本意，视为隐含单位换算 {expected:g}（若按字面应用，模型会放大 {too_large:g} 倍）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="763"/>
        <source>{when}: not a year, date or time</source>
        <translation>{when}：不是年份、日期或时间</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="753"/>
        <source>{what} is {declared:g}, but project unit {project_unit} and map unit {map_unit} need {expected:g} ({declared:g} is its inverse); applied literally, 1 m of the model would become {length} on the map. Used {expected:g}: 1 project metre = 1 metre on the map</source>
        <translation>{what} 为 {declared:g}，但项目单位 {project_unit} 和地图单位 {map_unit} 需要 {expected:g}（{declared:g} 是它的倒数）；若按字面应用，模型中的 1 米在地图上会变成 {length}。已改用 {expected:g}：项目中 1 米 = 地图上 1 米</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="746"/>
        <source>{what} has RefLatitude/RefLongitude 0°, 0° (an exporter default): not used</source>
        <translation>{what} 的 RefLatitude/RefLongitude 为 0°, 0°（导出软件的默认值）：未采用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="745"/>
        <source>{what} has RefLatitude {lat:g}° / RefLongitude {lon:g}°, outside the globe: not used</source>
        <translation>{what} 的 RefLatitude {lat:g}° / RefLongitude {lon:g}° 超出地球范围：未采用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="757"/>
        <source>{what} lat/lon {lat:.6f}°, {lon:.6f}° cannot be projected to {crs}: not used</source>
        <translation>{what} 的经纬度 {lat:.6f}°, {lon:.6f}° 无法投影到 {crs}：未采用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="747"/>
        <source>{what} has no RefElevation: height 0 assumed</source>
        <translation>{what} 没有 RefElevation：按高程 0 处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="301"/>
        <source>no TrueNorth: project +y taken as north</source>
        <translation>没有 TrueNorth：以项目 +y 方向为北</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="759"/>
        <source>{what} {angle} has minutes, seconds or millionths out of range</source>
        <translation>{what} 的 {angle} 中分、秒或百万分之一秒超出范围</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="488"/>
        <source>the context&apos;s TrueNorth disagrees with the map conversion&apos;s rotation by {angle:.2f}° (after the meridian convergence); the map conversion was used</source>
        <translation>上下文的 TrueNorth 与地图转换的旋转相差 {angle:.2f}°（已计入子午线收敛角）；采用了地图转换</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="587"/>
        <source>the project length unit is {metres:g} m: the metre assumed</source>
        <translation>项目长度单位为 {metres:g} 米：按米处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="609"/>
        <source>the target CRS {crs} is not projected: lat/lon placement would use the point&apos;s UTM zone</source>
        <translation>目标坐标系 {crs} 不是投影坐标系：按经纬度定位时将使用该点所在的 UTM 带</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="758"/>
        <source>{what} of the &apos;{context}&apos; context #{id} differs from {chosen}; {chosen} was used</source>
        <translation>“{context}”上下文 #{id} 的 {what} 与 {chosen} 不同；采用了 {chosen}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="608"/>
        <source>the target CRS of {what} is an {entity}, not an IfcProjectedCRS</source>
        <translation>{what} 的目标坐标系是 {entity}，不是 IfcProjectedCRS</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="742"/>
        <source>{what} gives plane angles (a geographic CRS): not supported, ignored</source>
        <translation>{what} 给出的是平面角（地理坐标系）：不支持，已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="749"/>
        <source>{what} has no {attribute}: 0 assumed</source>
        <translation>{what} 没有 {attribute}：按 0 处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="196"/>
        <source>ePSet_ProjectedCRS is given more than once with different names; the one on {holder} was used</source>
        <translation>ePSet_ProjectedCRS 出现多次且名称不同；采用了 {holder} 上的那个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="743"/>
        <source>{what} has FactorX {fx:g} and FactorY {fy:g}: their mean was used for both axes</source>
        <translation>{what} 的 FactorX 为 {fx:g}、FactorY 为 {fy:g}：两轴都采用其平均值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="744"/>
        <source>{what} has FactorZ {fz:g}: heights were scaled by {factor:g} like the plan</source>
        <translation>{what} 的 FactorZ 为 {fz:g}：高度与平面一样按 {factor:g} 缩放</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="54"/>
        <source>MapUnit {unit} contradicts {crs}, whose axes are in units of {metres:g} m; the CRS&apos;s unit was used</source>
        <translation>MapUnit {unit} 与 {crs} 矛盾，后者坐标轴单位为 {metres:g} 米；采用了坐标系的单位</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="752"/>
        <source>{what} is not given, with project unit {project_unit} and map unit {map_unit}: the unit conversion {expected:g} was taken as implied, as exporters intend (IFC&apos;s default of 1, applied literally, would make the model {too_large:g} times too large)</source>
        <translation>未给出 {what}，项目单位 {project_unit}，地图单位 {map_unit}：按导出软件的本意，视为隐含单位换算 {expected:g}（若按 IFC 默认值 1 字面应用，模型会放大 {too_large:g} 倍）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="760"/>
        <source>{what} {angle} mixes signs: read as negative throughout</source>
        <translation>{what} 的 {angle} 正负号混用：整体按负值读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="761"/>
        <source>{what} {angle} mixes signs: read as positive throughout</source>
        <translation>{what} 的 {angle} 正负号混用：整体按正值读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="466"/>
        <source>the WorldCoordinateSystem of context #{context} is not the identity (origin ({x}, {y}, {z})); it was not applied</source>
        <translation>上下文 #{context} 的 WorldCoordinateSystem 不是单位变换（原点 ({x}, {y}, {z})）；未应用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="51"/>
        <source>IfcSite #{site} is placed {distance} from the project origin and the map conversion adds map-scale eastings/northings ({eastings:.1f}, {northings:.1f}): the model may be georeferenced twice; not corrected</source>
        <translation>IfcSite #{site} 距项目原点 {distance}，而地图转换又加上了地图尺度的东坐标/北坐标（{eastings:.1f}, {northings:.1f}）：模型可能被重复地理配准；未作修正</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="50"/>
        <source>IfcSite #{site} RefLatitude/RefLongitude ({lat:.5f}°, {lon:.5f}°) is {distance} from where the map conversion puts the site ({lat2:.5f}°, {lon2:.5f}°); the map conversion was used</source>
        <translation>IfcSite #{site} 的 RefLatitude/RefLongitude（{lat:.5f}°, {lon:.5f}°）距地图转换给出的场地位置（{lat2:.5f}°, {lon2:.5f}°）有 {distance}；采用了地图转换</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="586"/>
        <source>the project length unit cannot be read ({error}): the metre assumed</source>
        <translation>无法读取项目长度单位（{error}）：按米处理</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="77"/>
        <source>TrueNorth {ratios} of context #{context} is not horizontal: ignored</source>
        <translation>上下文 #{context} 的 TrueNorth {ratios} 不是水平的：已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="76"/>
        <source>TrueNorth of context #{context} is a zero vector: ignored</source>
        <translation>上下文 #{context} 的 TrueNorth 是零向量：已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="741"/>
        <source>{what} does not convert from a representation context (it links two CRSs): ignored</source>
        <translation>{what} 不是从表达上下文出发的转换（它连接两个坐标系）：已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="193"/>
        <source>ePSet_ProjectedCRS MapUnit {unit!r} is not understood: ignored</source>
        <translation>无法理解 ePSet_ProjectedCRS 的 MapUnit {unit!r}：已忽略</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="283"/>
        <source>loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="460"/>
        <source>the IFC reader ended without a result while {doing} (a damaged file, or geometry the kernel cannot handle?)</source>
        <translation>IFC 读取进程在{doing}时没有返回结果就结束了（文件损坏，或几何内核无法处理？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="369"/>
        <source>not an IFC file: it starts with {first!r}, an IFC file with &apos;ISO-10303-21;&apos;</source>
        <translation>不是 IFC 文件：它以 {first!r} 开头，而 IFC 文件以“ISO-10303-21;”开头</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="649"/>
        <source>truncated: the file ({size:,} bytes) ends without &apos;END-ISO-10303-21;&apos; (an incomplete download or copy?)</source>
        <translation>文件被截断：文件（{size:,} 字节）结尾没有“END-ISO-10303-21;”（下载或复制不完整？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="285"/>
        <source>looking in the cache</source>
        <translation>正在查找缓存</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="422"/>
        <source>saving into the cache</source>
        <translation>正在存入缓存</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="461"/>
        <source>the IFC reader process failed to start (exit code {code}; its error is on stderr)</source>
        <translation>IFC 读取进程未能启动（退出码 {code}；错误信息见标准错误输出）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="459"/>
        <source>the IFC reader ended with exit code {code} while {doing} (a damaged file, or geometry the kernel cannot handle?)</source>
        <translation>IFC 读取进程在{doing}时以退出码 {code} 结束（文件损坏，或几何内核无法处理？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="151"/>
        <source>cannot be read ({error})</source>
        <translation>无法读取（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="284"/>
        <source>loaded from the cache</source>
        <translation>已从缓存加载</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="463"/>
        <source>the IFC reader was killed by {signal} while {doing} (a damaged file, or geometry the kernel cannot handle?)</source>
        <translation>IFC 读取进程在{doing}时被 {signal} 终止（文件损坏，或几何内核无法处理？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="371"/>
        <source>not an IFC file: this is {what}</source>
        <translation>不是 IFC 文件：这是 {what}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="168"/>
        <source>computing the file&apos;s hash</source>
        <translation>正在计算文件哈希</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="520"/>
        <source>the manual placement saved in the cache replaces the file&apos;s own georeferencing ({method}, approximate)</source>
        <translation>缓存中保存的手动定位取代了文件自身的地理配准（{method}，近似）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="519"/>
        <source>the manual placement saved in the cache replaces the file&apos;s own georeferencing ({method})</source>
        <translation>缓存中保存的手动定位取代了文件自身的地理配准（{method}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="462"/>
        <source>the IFC reader was killed by signal {number} while {doing} (a damaged file, or geometry the kernel cannot handle?)</source>
        <translation>IFC 读取进程在{doing}时被信号 {number} 终止（文件损坏，或几何内核无法处理？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="380"/>
        <source>not saved in the cache {cache}: {error}</source>
        <translation>未保存到缓存 {cache}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="298"/>
        <source>no BIM model with SHA-256 {sha256}</source>
        <translation>没有 SHA-256 为 {sha256} 的 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="34"/>
        <source>BIM model {name} ({sha256}…) is damaged in the cache: {error}</source>
        <translation>缓存中的 BIM 模型 {name}（{sha256}…）已损坏：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="389"/>
        <source>opening the file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="409"/>
        <source>reading the georeferencing</source>
        <translation>读取地理配准</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="407"/>
        <source>reading the element tree</source>
        <translation>读取构件树</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="405"/>
        <source>reading properties</source>
        <translation>读取属性</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="673"/>
        <source>writing the result</source>
        <translation>写出结果</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="458"/>
        <source>the IFC parser reported {n} error(s), so entities may be missing: {first}</source>
        <translation>IFC 解析器报告了 {n} 个错误，因此可能缺少实体：{first}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="662"/>
        <source>unsupported IFC schema {schema} (FILE_SCHEMA)</source>
        <translation>不支持的 IFC 模式 {schema}（FILE_SCHEMA）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="501"/>
        <source>the file declares the schema {declared}, which is not a published IFC schema name; it was read as {schema}</source>
        <translation>文件声明的模式 {declared} 不是已发布的 IFC 模式名称，已按 {schema} 读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="300"/>
        <source>no IfcProject: not a complete {schema} model (truncated?)</source>
        <translation>没有 IfcProject：不是完整的 {schema} 模型（文件被截断？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="220"/>
        <source>georeferencing not used: {problem}</source>
        <translation>未使用地理配准：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="448"/>
        <source>tessellating {n} elements on {threads} threads</source>
        <translation>正在用 {threads} 个线程三角化 {n} 个构件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="674"/>
        <source>yielded by the iterator but left out (no Body representation): {listed}</source>
        <translation>迭代器给出但已略去（没有 Body 表达）：{listed}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="536"/>
        <source>the model has {n} vertices, more than cimview&apos;s 32-bit triangle indices hold</source>
        <translation>模型有 {n} 个顶点，超出 cimview 32 位三角形索引的容量</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="376"/>
        <source>not enough memory to read and tessellate the model</source>
        <translation>内存不足，无法读取并三角化该模型</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="410"/>
        <source>reading the model failed ({kind}: {error})</source>
        <translation>读取模型失败（{kind}：{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="663"/>
        <source>unsupported IFC schema {schema} (FILE_SCHEMA); this cimview reads {supported}</source>
        <translation>不支持的 IFC 模式 {schema}（FILE_SCHEMA）；本版 cimview 可读取 {supported}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="363"/>
        <source>not a readable IFC file ({error})</source>
        <translation>不是可读取的 IFC 文件（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="406"/>
        <source>reading properties {i}/{total}</source>
        <translation>正在读取属性 {i}/{total}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="447"/>
        <source>tessellating ({done}/{n} elements)</source>
        <translation>正在三角化（{done}/{n} 个构件）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="141"/>
        <source>bookmark {name!r} is damaged in the cache: {error}</source>
        <translation>缓存中的书签 {name!r} 已损坏：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="669"/>
        <source>waiting for another program that is writing to this cache</source>
        <translation>正在等待另一个正在写入此缓存的程序</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="670"/>
        <source>waiting for another writer to finish: {purpose} (process {pid} on {host}, since {since})</source>
        <translation>正在等待另一个写入完成：{purpose}（{host} 上的进程 {pid}，开始于 {since}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="117"/>
        <source>already exists</source>
        <translation>已存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="326"/>
        <source>no such cache file</source>
        <translation>没有该缓存文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="351"/>
        <source>not a cimview cache (not an SQLite/GeoPackage file)</source>
        <translation>不是 cimview 缓存（不是 SQLite/GeoPackage 文件）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="350"/>
        <source>not a cimview cache (not a GeoPackage)</source>
        <translation>不是 cimview 缓存（不是 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="286"/>
        <source>made by a newer cimview (cache schema {version}, this cimview reads up to {supported})</source>
        <translation>由更新版本的 cimview 创建（缓存结构版本 {version}，本版最高可读 {supported}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="486"/>
        <source>the cache&apos;s last changes are kept in its write-ahead log until they can be merged into the cache file ({error})</source>
        <translation>缓存最近的更改暂存在预写日志中，待能合并进缓存文件时再合并（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="80"/>
        <source>a GeoPackage, but not a cimview cache (import its layers with &apos;cimview import&apos;)</source>
        <translation>是 GeoPackage，但不是 cimview 缓存（请用“cimview import”导入其图层）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="271"/>
        <source>journals</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="258"/>
        <source>integrity</source>
        <translation>完整性</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="45"/>
        <source>GeoPackage tables</source>
        <translation>GeoPackage 表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="439"/>
        <source>spatial indexes</source>
        <translation>空间索引</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="474"/>
        <source>the cache file is damaged (SQLite says &apos;{error}&apos;); &apos;cimview check&apos; tells more</source>
        <translation>缓存文件已损坏（SQLite 报告“{error}”）；运行“cimview check”可了解详情</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="378"/>
        <source>not healthy: {n} problems found</source>
        <translation>不健康：发现 {n} 个问题</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="475"/>
        <source>the cache file is damaged: SQLite says &apos;{error}&apos;</source>
        <translation>缓存文件已损坏：SQLite 报告“{error}”</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="476"/>
        <source>the cache file is damaged: SQLite&apos;s integrity check found problems, the first: &apos;{first}&apos;</source>
        <translation>缓存文件已损坏：SQLite 完整性检查发现问题，第一个是：“{first}”</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="601"/>
        <source>the spatial index of {table} is out of step with its table: {detail}. Map views and GIS tools will miss or misplace its features</source>
        <translation>{table} 的空间索引与表不一致：{detail}。地图视图和 GIS 工具会漏显或错放其中的要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="240"/>
        <source>healthy ({checks} checked)</source>
        <translation>健康（已检查 {checks}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="689"/>
        <source>{journal} is a hot journal: a write to the cache was interrupted, and the cache file alone is damaged until it is rolled back. Open the cache where it is (for example with &apos;cimview info&apos;), which rolls the write back; never copy the cache file without this journal</source>
        <translation>{journal} 是热日志：一次对缓存的写入被中断，在回滚之前单独的缓存文件是损坏的。请在原位置打开缓存（例如运行“cimview info”）以回滚该写入；切勿不带此日志单独复制缓存文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="739"/>
        <source>{wal} holds changes that are not in the cache file yet (the program that wrote them stopped before the end): open the cache where it is (for example with &apos;cimview info&apos;), which merges them, before copying the cache file</source>
        <translation>{wal} 中有尚未写入缓存文件的更改（写入它们的程序中途停止了）：复制缓存文件之前，请先在原位置打开缓存（例如运行“cimview info”）以合并这些更改</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="373"/>
        <source>not an SQLite file, so not a GeoPackage</source>
        <translation>不是 SQLite 文件，因此不是 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="128"/>
        <source>application_id is {value}, not &apos;GPKG&apos; ({expected}): not a GeoPackage</source>
        <translation>application_id 为 {value}，不是“GPKG”（{expected}）：不是 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="665"/>
        <source>user_version is {value}: not a GeoPackage version from 1.2 to 1.4 (10200 to 10400)</source>
        <translation>user_version 为 {value}：不是 1.2 至 1.4 的 GeoPackage 版本（10200 至 10400）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="455"/>
        <source>the GeoPackage table {table} is missing</source>
        <translation>缺少 GeoPackage 表 {table}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="122"/>
        <source>an interrupted write had left a hot journal beside the cache; opening the cache rolled that write back, and the cache is as it was before it</source>
        <translation>一次中断的写入在缓存旁留下了热日志；打开缓存时已回滚该写入，缓存恢复到写入之前的状态</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="229"/>
        <source>gpkg_spatial_ref_sys has no row for srs_id {srs_id}, which a GeoPackage must define</source>
        <translation>gpkg_spatial_ref_sys 中没有 srs_id {srs_id} 的行，而 GeoPackage 必须定义它</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="224"/>
        <source>gpkg_contents lists the table {table}, which does not exist</source>
        <translation>gpkg_contents 列出了表 {table}，但该表不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="223"/>
        <source>gpkg_contents gives {table} the srs_id {srs_id}, which gpkg_spatial_ref_sys does not define</source>
        <translation>gpkg_contents 为 {table} 指定的 srs_id {srs_id} 在 gpkg_spatial_ref_sys 中未定义</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="499"/>
        <source>the feature table {table} has no row in gpkg_geometry_columns</source>
        <translation>要素表 {table} 在 gpkg_geometry_columns 中没有记录</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="227"/>
        <source>gpkg_geometry_columns lists {table}, which gpkg_contents does not list as features</source>
        <translation>gpkg_geometry_columns 列出了 {table}，但 gpkg_contents 未将其列为要素表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="228"/>
        <source>gpkg_geometry_columns names the column {table}.{column}, which does not exist</source>
        <translation>gpkg_geometry_columns 指定的列 {table}.{column} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="225"/>
        <source>gpkg_geometry_columns describes {table} as &apos;{type}&apos; (z {z}, m {m}), which is not a GeoPackage geometry type</source>
        <translation>gpkg_geometry_columns 将 {table} 描述为“{type}”（z {z}，m {m}），这不是 GeoPackage 几何类型</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="226"/>
        <source>gpkg_geometry_columns gives {table} the srs_id {srs_id}, which gpkg_spatial_ref_sys does not define</source>
        <translation>gpkg_geometry_columns 为 {table} 指定的 srs_id {srs_id} 在 gpkg_spatial_ref_sys 中未定义</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="599"/>
        <source>the spatial index of {table} is missing ({rtree})</source>
        <translation>缺少 {table} 的空间索引（{rtree}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="682"/>
        <source>{features} features have a geometry but the index has {entries} entries</source>
        <translation>{features} 个要素有几何图形，但索引只有 {entries} 条</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="714"/>
        <source>{n} index entries belong to no feature</source>
        <translation>{n} 条索引不属于任何要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="675"/>
        <source>{bad} of {n} sampled features have a wrong or missing index box (first: feature {fid})</source>
        <translation>抽查的 {n} 个要素中有 {bad} 个索引框错误或缺失（第一个：要素 {fid}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="162"/>
        <source>changes left in the cache&apos;s write-ahead log by a program that stopped have been merged into the cache file</source>
        <translation>一个已停止的程序留在缓存预写日志中的更改已合并进缓存文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="600"/>
        <source>the spatial index of {table} is not kept up to date: its trigger {trigger} is missing</source>
        <translation>{table} 的空间索引不会自动更新：缺少触发器 {trigger}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="661"/>
        <source>unknown {what} {value!r}: {error}</source>
        <translation>无法识别的{what} {value!r}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="234"/>
        <source>has no CityObjects: nothing to import</source>
        <translation>没有 CityObjects：没有可导入的内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="701"/>
        <source>{n} CityObject ids appear more than once ({ids}): only the last object of each id was read</source>
        <translation>{n} 个 CityObject 编号重复出现（{ids}）：每个编号只读取了最后一个对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="13"/>
        <source>&apos;CityObjects&apos; is not an object of CityObjects</source>
        <translation>“CityObjects”不是由 CityObject 组成的对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="182"/>
        <source>coordinates outside the area of the cache CRS {crs}</source>
        <translation>坐标超出缓存坐标系 {crs} 的适用范围</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="241"/>
        <source>heights are in {mine}, the cache&apos;s in {theirs}: z is kept as stored (no vertical datum conversion)</source>
        <translation>高程基准为 {mine}，缓存为 {theirs}：z 值按原样保存（未做高程基准转换）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="338"/>
        <source>not CityJSON: no &quot;type&quot;: &quot;CityJSON&quot; at the top level</source>
        <translation>不是 CityJSON：顶层没有 &quot;type&quot;: &quot;CityJSON&quot;</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="282"/>
        <source>line {line}: not a CityJSONFeature</source>
        <translation>第 {line} 行：不是 CityJSONFeature</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="280"/>
        <source>line {line}: &apos;CityObjects&apos; is not an object of CityObjects</source>
        <translation>第 {line} 行：“CityObjects”不是由 CityObject 组成的对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="15"/>
        <source>&apos;vertices&apos; is not a list of [x, y, z]</source>
        <translation>“vertices”不是 [x, y, z] 列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="647"/>
        <source>transform scale is {scale}: it must be positive</source>
        <translation>transform 的 scale 为 {scale}：必须为正数</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="648"/>
        <source>transform translate is {translate}: it must be finite numbers</source>
        <translation>transform 的 translate 为 {translate}：必须是有限数值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="349"/>
        <source>not a building ({type})</source>
        <translation>不是建筑（{type}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="313"/>
        <source>no geometry</source>
        <translation>没有几何图形</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="314"/>
        <source>no geometry (no surface with 3 or more vertices)</source>
        <translation>没有几何图形（没有 3 个及以上顶点的面）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="183"/>
        <source>coordinates that are not numbers (NaN or infinite)</source>
        <translation>坐标不是数值（NaN 或无穷大）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="281"/>
        <source>line {line}: &apos;vertices&apos; is not a list of [x, y, z]</source>
        <translation>第 {line} 行：“vertices”不是 [x, y, z] 列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="14"/>
        <source>&apos;transform&apos; needs &apos;scale&apos; and &apos;translate&apos; of 3 numbers</source>
        <translation>“transform”需要由 3 个数组成的“scale”和“translate”</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="287"/>
        <source>malformed boundaries (vertex indices must be integers)</source>
        <translation>boundaries 格式错误（顶点索引必须是整数）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="667"/>
        <source>vertex index {index} out of range (the feature has {n} vertices)</source>
        <translation>顶点索引 {index} 超出范围（该要素有 {n} 个顶点）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="668"/>
        <source>vertex index {index} out of range (the file has {n} vertices)</source>
        <translation>顶点索引 {index} 超出范围（文件有 {n} 个顶点）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="718"/>
        <source>{n} of {total} cells are void (nodata {nodata}); they stay void in the cache</source>
        <translation>{total} 个格网中有 {n} 个无值（nodata {nodata}）；在缓存中仍为无值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="454"/>
        <source>the DEM&apos;s CRS {crs} is in {unit}, not metres: heights are kept as stored (not converted to metres)</source>
        <translation>DEM 的坐标系 {crs} 单位为 {unit}，不是米：高程按原样保存（未换算为米）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="362"/>
        <source>not a readable GeoTIFF: {error}</source>
        <translation>不是可读取的 GeoTIFF：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="47"/>
        <source>GeoTIFF without raster bands</source>
        <translation>GeoTIFF 没有栅格波段</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="46"/>
        <source>GeoTIFF without georeferencing (no geotransform)</source>
        <translation>GeoTIFF 没有地理参考（没有 geotransform）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="703"/>
        <source>{n} bands: only band 1 is used as heights</source>
        <translation>有 {n} 个波段：只用第 1 波段作为高程</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="361"/>
        <source>not a readable GeoTIFF: its raster data is damaged (a tile or strip cannot be decoded)</source>
        <translation>不是可读取的 GeoTIFF：栅格数据已损坏（有分块或条带无法解码）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="218"/>
        <source>geometry cannot be read: {error}</source>
        <translation>无法读取几何图形：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="233"/>
        <source>has a &apos;crs&apos; member cimview cannot read: {member}; pass --source-crs EPSG:xxxx</source>
        <translation>含有 cimview 无法识别的“crs”成员：{member}；请用 --source-crs EPSG:xxxx 指定</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="44"/>
        <source>GDAL, reading the file: {text}</source>
        <translation>GDAL 读取文件时提示：{text}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="437"/>
        <source>some texts held invalid characters (lone UTF-16 surrogates); they were replaced by U+FFFD</source>
        <translation>部分文本含有无效字符（孤立的 UTF-16 代理项），已替换为 U+FFFD</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="652"/>
        <source>truncated: {size} bytes, shorter than a Shapefile header (100 bytes)</source>
        <translation>文件被截断：只有 {size} 字节，比 Shapefile 文件头（100 字节）还短</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="650"/>
        <source>truncated: the file holds {size} bytes, its header says {declared} (an incomplete download or copy?)</source>
        <translation>文件被截断：文件有 {size} 字节，文件头记载为 {declared}（下载或复制不完整？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="651"/>
        <source>truncated: the file holds {size} bytes, its index (.shx) says {declared} (an incomplete download or copy?)</source>
        <translation>文件被截断：文件有 {size} 字节，其索引（.shx）记载为 {declared}（下载或复制不完整？）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="238"/>
        <source>has {n} layers; choose one with --layer: {layers}</source>
        <translation>有 {n} 个图层；请用 --layer 选择一个：{layers}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="340"/>
        <source>not GeoJSON: &apos;features&apos; holds something other than objects</source>
        <translation>不是 GeoJSON：“features”中含有非对象的内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="43"/>
        <source>GDAL read {n} features of {total}</source>
        <translation>GDAL 只读取了 {total} 个要素中的 {n} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="315"/>
        <source>no geometry (null)</source>
        <translation>没有几何图形（null）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="199"/>
        <source>empty geometry</source>
        <translation>几何图形为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="359"/>
        <source>not a polygon ({type})</source>
        <translation>不是面（{type}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="157"/>
        <source>cannot read: {error}</source>
        <translation>无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="237"/>
        <source>has no layer {layer}; layers: {layers}</source>
        <translation>没有图层 {layer}；现有图层：{layers}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="341"/>
        <source>not GeoJSON: a FeatureCollection without a &apos;features&apos; list</source>
        <translation>不是 GeoJSON：FeatureCollection 中没有“features”列表</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="236"/>
        <source>has no features: the FeatureCollection is empty</source>
        <translation>没有要素：FeatureCollection 为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="379"/>
        <source>not readable as GeoJSON: {error}</source>
        <translation>无法按 GeoJSON 读取：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="180"/>
        <source>coordinates impossible in the file&apos;s CRS {crs}</source>
        <translation>坐标在文件的坐标系 {crs} 中不可能存在</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="265"/>
        <source>invalid polygon, not repairable: {problem}</source>
        <translation>无效的面，无法修复：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="687"/>
        <source>{flag} {field}: no feature has this attribute</source>
        <translation>{flag} {field}：没有要素具有该属性</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="297"/>
        <source>no .cpg file: attribute text read as {encoding} (guessed from the bytes); pass --encoding if the text looks wrong</source>
        <translation>没有 .cpg 文件：属性文本按 {encoding} 读取（根据字节推测）；如文字显示不对，请用 --encoding 指定</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="158"/>
        <source>cannot read: {error} (try --encoding, e.g. gbk or latin1)</source>
        <translation>无法读取：{error}（请尝试 --encoding，例如 gbk 或 latin1）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="342"/>
        <source>not GeoJSON: a JSON document without features</source>
        <translation>不是 GeoJSON：JSON 文档中没有要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="684"/>
        <source>{field} = {value} is not a possible building height (0 … {limit} m)</source>
        <translation>{field} = {value} 不是可能的建筑高度（0 至 {limit} 米）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="719"/>
        <source>{n} of {total} features have neither a height nor a floors attribute: height set to {height} (height_estimated = 1)</source>
        <translation>{total} 个要素中有 {n} 个既无高度也无层数属性：高度设为 {height}（height_estimated = 1）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="685"/>
        <source>{field} = {value} is not a possible number of floors (0 … {limit})</source>
        <translation>{field} = {value} 不是可能的层数（0 至 {limit}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="187"/>
        <source>declares no coordinate reference system; pass --crs EPSG:xxxx (the CRS of the file&apos;s coordinates)</source>
        <translation>未声明坐标参考系；请用 --crs EPSG:xxxx 指定（文件坐标所用的坐标系）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="175"/>
        <source>coordinates (x {x}, y {y}) are impossible in the file&apos;s CRS {crs}; pass --source-crs EPSG:xxxx (the CRS of the coordinates)</source>
        <translation>坐标（x {x}，y {y}）在文件的坐标系 {crs} 中不可能存在；请用 --source-crs EPSG:xxxx 指定坐标实际所用的坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="489"/>
        <source>the data lies at {lon}°, {lat}°, outside the area of use of the cache&apos;s CRS {crs} ({west}°–{east}°E, {south}°–{north}°N): positions there are distorted; is this the right cache?</source>
        <translation>数据位于 {lon}°，{lat}°，超出缓存坐标系 {crs} 的适用范围（东经 {west}°–{east}°，北纬 {south}°–{north}°）：该处位置会有变形；缓存选对了吗？</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="176"/>
        <source>coordinates (x {x}, y {y}) are impossible in the file&apos;s CRS {crs}; they look like {guess} ({name}): try --source-crs {guess}</source>
        <translation>坐标（x {x}，y {y}）在文件的坐标系 {crs} 中不可能存在；看起来像 {guess}（{name}）：请尝试 --source-crs {guess}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="177"/>
        <source>coordinates (x {x}, y {y}) are not longitude/latitude, but the file&apos;s CRS is {crs}; pass --source-crs EPSG:xxxx (the CRS of the coordinates)</source>
        <translation>坐标（x {x}，y {y}）不是经纬度，但文件的坐标系是 {crs}；请用 --source-crs EPSG:xxxx 指定坐标实际所用的坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="269"/>
        <source>its CRS {crs} has no EPSG equivalent; pass --crs EPSG:xxxx for the new cache</source>
        <translation>其坐标系 {crs} 没有对应的 EPSG 编码；请用 --crs EPSG:xxxx 指定新缓存的坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="509"/>
        <source>the file&apos;s CRS {crs} has no EPSG code: the new cache uses its equivalent {code}</source>
        <translation>文件的坐标系 {crs} 没有 EPSG 编码：新缓存使用与之等价的 {code}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="657"/>
        <source>unknown coordinate reference system {value} given with {flag}; use a code such as EPSG:4547</source>
        <translation>{flag} 给出的坐标参考系 {value} 无法识别；请使用 EPSG:4547 这样的编码</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="178"/>
        <source>coordinates (x {x}, y {y}) are not longitude/latitude, but the file&apos;s CRS is {crs}; they look like {guess} ({name}): try --source-crs {guess}</source>
        <translation>坐标（x {x}，y {y}）不是经纬度，但文件的坐标系是 {crs}；看起来像 {guess}（{name}）：请尝试 --source-crs {guess}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="185"/>
        <source>declares an unknown coordinate reference system {crs}; pass --source-crs EPSG:xxxx (the CRS of the file&apos;s coordinates)</source>
        <translation>声明了无法识别的坐标参考系 {crs}；请用 --source-crs EPSG:xxxx 指定文件坐标所用的坐标系</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="259"/>
        <source>invalid JSON at line {line}, column {column}: {error}</source>
        <translation>JSON 无效，位于第 {line} 行第 {column} 列：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="262"/>
        <source>invalid JSON: the file ends early at line {line}, column {column} (truncated?): {error}</source>
        <translation>JSON 无效：文件在第 {line} 行第 {column} 列提前结束（被截断？）：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="343"/>
        <source>not UTF-8 text (byte {byte}, line {line}); JSON files must be UTF-8</source>
        <translation>不是 UTF-8 文本（第 {line} 行，字节 {byte}）；JSON 文件必须是 UTF-8 编码</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="261"/>
        <source>invalid JSON: nested too deeply</source>
        <translation>JSON 无效：嵌套层次太深</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="730"/>
        <source>{n} texts held invalid characters (lone UTF-16 surrogates); they were replaced by U+FFFD</source>
        <translation>{n} 处文本含有无效字符（孤立的 UTF-16 代理项），已替换为 U+FFFD</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="260"/>
        <source>invalid JSON at line {line}: nested too deeply</source>
        <translation>JSON 无效，位于第 {line} 行：嵌套层次太深</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="232"/>
        <source>ground heights (ground_z) of {n} extruded buildings set from this DEM</source>
        <translation>已根据此 DEM 设置 {n} 栋拉伸建筑的地面高程（ground_z）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="384"/>
        <source>nothing to import: all {n} features rejected ({reasons})</source>
        <translation>没有可导入的内容：全部 {n} 个要素被拒绝（{reasons}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="385"/>
        <source>nothing to import: the file holds no features</source>
        <translation>没有可导入的内容：文件中没有要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="485"/>
        <source>the cache&apos;s DEM was replaced by this one</source>
        <translation>缓存中的 DEM 已被此文件替换</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="21"/>
        <source>--crs {crs} ignored: the cache already exists in {cache_crs}</source>
        <translation>已忽略 --crs {crs}：缓存已存在，坐标系为 {cache_crs}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="539"/>
        <source>the name says {named} ({suffix}) but the file holds {kind}; imported as {kind}</source>
        <translation>文件名表明是 {named}（{suffix}），但内容是 {kind}；已按 {kind} 导入</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="654"/>
        <source>unknown --kind {kind}; use one of {kinds}, footprints or dem</source>
        <translation>无法识别的 --kind {kind}；请使用 {kinds}、footprints 或 dem 之一</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="390"/>
        <source>part of a Shapefile: import the .shp file ({shp})</source>
        <translation>这是 Shapefile 的组成文件：请导入 .shp 文件（{shp}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="381"/>
        <source>not {kind}: the file is {what}</source>
        <translation>不是 {kind}：文件是 {what}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="353"/>
        <source>not a file cimview can import: the file is {what}</source>
        <translation>不是 cimview 能导入的文件：文件是 {what}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="37"/>
        <source>CRS {name} has no EPSG code to ask a platform for</source>
        <translation>坐标系 {name} 没有可向平台请求的 EPSG 编码</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="549"/>
        <source>the platform address {url} is not an http:// or https:// URL</source>
        <translation>平台地址 {url} 不是 http:// 或 https:// 网址</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="655"/>
        <source>unknown CRS {crs}: {error}</source>
        <translation>无法识别的坐标系 {crs}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="150"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="295"/>
        <source>more than {n} redirects: not followed</source>
        <translation>重定向超过 {n} 次：不再跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="469"/>
        <source>the answer is {size} bytes, more than the {limit} allowed: not read</source>
        <translation>响应有 {size} 字节，超过允许的 {limit}：未读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="542"/>
        <source>the next link {link} is not an http(s) address: not followed</source>
        <translation>下一页链接 {link} 不是 http(s) 地址：未跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="543"/>
        <source>the next link {link} leaves the platform {origin}: not followed</source>
        <translation>下一页链接 {link} 指向平台 {origin} 之外：未跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="541"/>
        <source>the next link {link} is not a page of the collection {collection}: not followed</source>
        <translation>下一页链接 {link} 不是数据集 {collection} 的分页：未跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="372"/>
        <source>not an OGC API collections document</source>
        <translation>不是 OGC API 数据集列表文档</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="345"/>
        <source>not a GeoJSON Feature</source>
        <translation>不是 GeoJSON 要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="508"/>
        <source>the file link {link} is not an http(s) address</source>
        <translation>文件链接 {link} 不是 http(s) 地址</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="570"/>
        <source>the platform lists {size} bytes for this file; at most {limit} are accepted</source>
        <translation>平台列出此文件有 {size} 字节；最多只接受 {limit}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="191"/>
        <source>downloaded {got} bytes, the platform lists {size} (kept {partial} to resume)</source>
        <translation>已下载 {got} 字节，平台列出的是 {size}（保留 {partial} 以便续传）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="69"/>
        <source>SHA-256 mismatch: the file is not the one the platform lists ({sha256}); discarded</source>
        <translation>SHA-256 不符：该文件不是平台所列的文件（{sha256}）；已丢弃</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="299"/>
        <source>no Content-Crs header: the platform did not confirm the CRS asked for ({want})</source>
        <translation>没有 Content-Crs 响应头：平台未确认所请求的坐标系（{want}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="213"/>
        <source>features in the wrong CRS: Content-Crs {got}, asked for {want}</source>
        <translation>要素的坐标系不对：Content-Crs 为 {got}，请求的是 {want}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="572"/>
        <source>the platform redirected to {target}: not an http(s) address, not followed</source>
        <translation>平台重定向到 {target}：不是 http(s) 地址，未跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="571"/>
        <source>the platform redirected to {target}, outside the platform {origin}: not followed</source>
        <translation>平台重定向到 {target}，在平台 {origin} 之外：未跟随</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="574"/>
        <source>the platform sent malformed JSON ({error})</source>
        <translation>平台返回的 JSON 格式错误（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="346"/>
        <source>not a GeoJSON FeatureCollection</source>
        <translation>不是 GeoJSON FeatureCollection</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="699"/>
        <source>{method} failed: {reason}</source>
        <translation>{method} 请求失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="468"/>
        <source>the answer is larger than the {limit} bytes allowed: not read further</source>
        <translation>响应超过允许的 {limit} 字节：不再继续读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="698"/>
        <source>{method} failed after {attempts} attempts: {reason}</source>
        <translation>{method} 请求在尝试 {attempts} 次后失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="131"/>
        <source>asked for bytes from {have}, the server sent from {start}</source>
        <translation>请求从第 {have} 字节开始，服务器却从第 {start} 字节发送</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="597"/>
        <source>the server sent more than the {size} bytes the platform lists</source>
        <translation>服务器发送的数据超过平台所列的 {size} 字节</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="190"/>
        <source>download failed after {attempts} attempts: {reason}</source>
        <translation>下载在尝试 {attempts} 次后失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="540"/>
        <source>the next link loops back to {link}</source>
        <translation>下一页链接又指回 {link}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="105"/>
        <source>a token given with --token is visible to every user of this machine (ps); use --token-file, ${env} or the keyring</source>
        <translation>用 --token 给出的令牌对本机所有用户可见（ps）；请改用 --token-file、${env} 或系统密钥环</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="619"/>
        <source>the token file is empty</source>
        <translation>令牌文件为空</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="621"/>
        <source>the token is sent to {origin} over plain http: anyone on the network between can read it; use https</source>
        <translation>令牌通过未加密的 http 发送到 {origin}：途经网络上的任何人都能读到它；请使用 https</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="272"/>
        <source>larger than {limit} bytes: not a token file</source>
        <translation>大于 {limit} 字节：不是令牌文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="332"/>
        <source>no such token file</source>
        <translation>没有该令牌文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="88"/>
        <source>a folder, not a token file</source>
        <translation>是文件夹，不是令牌文件</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="156"/>
        <source>cannot read the token file: {error}</source>
        <translation>无法读取令牌文件：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="620"/>
        <source>the token file is not UTF-8 text</source>
        <translation>令牌文件不是 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="394"/>
        <source>platform client for {client}, sync asked for {url}</source>
        <translation>平台客户端连接的是 {client}，同步请求的却是 {url}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="483"/>
        <source>the cache is in {cache_crs}, not {crs}</source>
        <translation>缓存的坐标系是 {cache_crs}，不是 {crs}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="375"/>
        <source>not cache layers a platform can fill: {layers}</source>
        <translation>不是平台可以填充的缓存图层：{layers}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="569"/>
        <source>the platform has no collection {names}</source>
        <translation>平台上没有数据集 {names}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="575"/>
        <source>the platform serves none of the cache&apos;s layers</source>
        <translation>平台不提供缓存中的任何图层</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="561"/>
        <source>the platform file {name} has no usable link: {problem}</source>
        <translation>平台文件 {name} 没有可用的链接：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="155"/>
        <source>cannot read the photo: {error}</source>
        <translation>无法读取照片：{error}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="189"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="690"/>
        <source>{kind} {target}</source>
        <translation>{kind} {target}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="676"/>
        <source>{collection}/{gid} is not on the platform (deleted there?); the local change cannot be applied</source>
        <translation>{collection}/{gid} 不在平台上（已在平台删除？）；本地修改无法应用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="677"/>
        <source>{collection}/{gid} was retired on the platform; the local change cannot be applied</source>
        <translation>{collection}/{gid} 已在平台上注销；本地修改无法应用</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="387"/>
        <source>nothing to push</source>
        <translation>没有要发送的内容</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="717"/>
        <source>{n} items in a row failed; the platform seems unwell ({detail})</source>
        <translation>连续 {n} 项失败；平台似乎有问题（{detail}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="683"/>
        <source>{fields} (edited again meanwhile: still pending)</source>
        <translation>{fields}（其间又被修改：仍待发送）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="567"/>
        <source>the platform has no collection {collection} (it has: {names})</source>
        <translation>平台上没有数据集 {collection}（现有：{names}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="304"/>
        <source>no collection {collection}</source>
        <translation>没有数据集 {collection}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="589"/>
        <source>the push lease was taken over</source>
        <translation>发送租约已被接管</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="126"/>
        <source>another push is running (process {pid} on {host}, since {since}); try again when it ends</source>
        <translation>另一次发送正在进行（{host} 上的进程 {pid}，开始于 {since}）；请待其结束后再试</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="735"/>
        <source>{reason} (edited again during the push: tried again next time)</source>
        <translation>{reason}（发送期间又被修改：下次再试）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="628"/>
        <source>the work area is empty (bbox and area do not overlap)</source>
        <translation>作业区为空（范围框与区域不相交）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="129"/>
        <source>area {name}: no 社区, 街道 or district of that name in the platform&apos;s address library (give a polygon WKT or --bbox)</source>
        <translation>区域 {name}：平台地址库中没有这个名称的社区、街道或区（请给出面的 WKT 或 --bbox）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="695"/>
        <source>{layer}: the interrupted sync could not be resumed ({problem}); the layer is read again from its last completed sync</source>
        <translation>{layer}：中断的同步无法续传（{problem}）；该图层将从上次完成的同步起重新读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="263"/>
        <source>invalid geometry (not GeoJSON the cache can read)</source>
        <translation>几何图形无效（不是缓存能读取的 GeoJSON）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="731"/>
        <source>{n} vertices, more than the {limit} one feature may have</source>
        <translation>{n} 个顶点，超过单个要素允许的 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="106"/>
        <source>a {kind} geometry where {layer} holds {want}</source>
        <translation>几何类型为 {kind}，而 {layer} 存放的是 {want}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="139"/>
        <source>bbox {bbox}: expected minx, miny, maxx, maxy</source>
        <translation>范围框 {bbox}：应为 minx, miny, maxx, maxy</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="140"/>
        <source>bbox {bbox}: min must be below max</source>
        <translation>范围框 {bbox}：最小值必须小于最大值</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="697"/>
        <source>{layer}: {n} features rejected (see rejected)</source>
        <translation>{layer}：{n} 个要素被拒绝（见被拒绝列表）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="691"/>
        <source>{layer}: features are stamped later than the platform&apos;s response time; the watermark falls back to the newest updated_at</source>
        <translation>{layer}：要素的时间戳晚于平台的响应时间；水位线改用最新的 updated_at</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="347"/>
        <source>not a GeoJSON feature</source>
        <translation>不是 GeoJSON 要素</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="334"/>
        <source>no usable id</source>
        <translation>没有可用的 id</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="395"/>
        <source>properties is not a JSON object</source>
        <translation>properties 不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="219"/>
        <source>geometry is not a GeoJSON geometry</source>
        <translation>geometry 不是 GeoJSON 几何</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="335"/>
        <source>no valid updated_at ({value})</source>
        <translation>没有有效的 updated_at（{value}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="688"/>
        <source>{folder} is not a plain folder: the platform file {name} is not written there</source>
        <translation>{folder} 不是普通文件夹：平台文件 {name} 不会写入该处</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="563"/>
        <source>the platform file {name} would land outside {folder} (through a link): refused</source>
        <translation>平台文件 {name} 会（通过链接）落到 {folder} 之外：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="565"/>
        <source>the platform file {name} would replace {file}, which is not a plain file: refused</source>
        <translation>平台文件 {name} 会替换 {file}，而它不是普通文件：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="562"/>
        <source>the platform file {name} needs {size} bytes; {free} are free on {folder}: refused</source>
        <translation>平台文件 {name} 需要 {size} 字节；{folder} 上只剩 {free}：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="41"/>
        <source>DEM: {warning}</source>
        <translation>DEM：{warning}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="264"/>
        <source>invalid geometry (numbers that are not finite)</source>
        <translation>几何图形无效（含有非有限数值）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="29"/>
        <source>--restart: {n} interrupted runs dropped; those layers are read again from their last completed sync</source>
        <translation>--restart：已丢弃 {n} 次中断的同步；这些图层将从上次完成的同步起重新读取</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="694"/>
        <source>{layer}: paging stopped after {pages} pages: the platform offered a next page although the last page brought no new feature</source>
        <translation>{layer}：分页在第 {pages} 页后停止：上一页没有带来任何新要素，平台却仍提供下一页</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="693"/>
        <source>{layer}: paging stopped after {pages} pages (the limit for one sync); run the sync again to continue</source>
        <translation>{layer}：分页在第 {pages} 页后停止（单次同步的上限）；请再次同步以继续</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="666"/>
        <source>version {value} is not an integer</source>
        <translation>version {value} 不是整数</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="132"/>
        <source>asset {name}: no sha256/bytes to check the download against</source>
        <translation>资源 {name}：没有可用于校验下载的 sha256/字节数</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="560"/>
        <source>the platform file {name} collides with {file}, which is not a folder: refused</source>
        <translation>平台文件 {name} 与 {file} 冲突，而它不是文件夹：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="564"/>
        <source>the platform file {name} would replace {file}, which cimview did not write: refused</source>
        <translation>平台文件 {name} 会替换 {file}，而它不是 cimview 写入的：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="453"/>
        <source>the DEM {name} is not a readable GeoTIFF: {problem}</source>
        <translation>DEM {name} 不是可读取的 GeoTIFF：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="481"/>
        <source>the cache holds the whole platform: the work area given is already in it</source>
        <translation>缓存已包含平台的全部数据：所给的作业区已在其中</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="627"/>
        <source>the work area grew: it is downloaded in full again (features already held are replaced)</source>
        <translation>作业区扩大了：将重新完整下载（已有的要素会被替换）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="130"/>
        <source>area: not a valid polygon WKT ({error})</source>
        <translation>区域：不是有效的面 WKT（{error}）</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="566"/>
        <source>the platform files {name} and {other} would be the same local file: {name} refused</source>
        <translation>平台文件 {name} 和 {other} 会成为同一个本地文件：已拒绝 {name}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="737"/>
        <source>{url}: {problem}</source>
        <translation>{url}：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="558"/>
        <source>the platform file name {name} is not a file name</source>
        <translation>平台文件名 {name} 不是文件名</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="556"/>
        <source>the platform file name {name} is longer than {limit} characters: refused</source>
        <translation>平台文件名 {name} 超过 {limit} 个字符：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="555"/>
        <source>the platform file name {name} is an absolute path: it would escape the files folder; refused</source>
        <translation>平台文件名 {name} 是绝对路径：会逃出文件夹；已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="554"/>
        <source>the platform file name {name} has characters a file name cannot have: refused</source>
        <translation>平台文件名 {name} 含有文件名中不允许的字符：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="557"/>
        <source>the platform file name {name} is more than {limit} folders deep: refused</source>
        <translation>平台文件名 {name} 的文件夹层级超过 {limit} 层：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="551"/>
        <source>the platform file name {name} climbs out of the files folder (..): refused</source>
        <translation>平台文件名 {name} 会向上逃出文件夹（..）：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="559"/>
        <source>the platform file name {name} names a hidden file ({part}): refused</source>
        <translation>平台文件名 {name} 指向隐藏文件（{part}）：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="552"/>
        <source>the platform file name {name} ends like one of cimview&apos;s own files or is not a portable name ({part}): refused</source>
        <translation>平台文件名 {name} 的结尾与 cimview 自己的文件相同，或不是可移植的名称（{part}）：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="553"/>
        <source>the platform file name {name} has a part longer than {limit} bytes: refused</source>
        <translation>平台文件名 {name} 中有一段超过 {limit} 字节：已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="548"/>
        <source>the photo is empty (0 bytes)</source>
        <translation>照片为空（0 字节）</translation>
    </message>
</context>
</TS>
