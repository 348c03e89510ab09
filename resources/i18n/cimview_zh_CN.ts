<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttributePanel</name>
    <message>
        <location filename="../../app/attribute_panel.py" line="45"/>
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="45"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="69"/>
        <source>No such feature</source>
        <translation>没有该要素</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="90"/>
        <source>Standard address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="91"/>
        <source>Level</source>
        <translation>地址级别</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="93"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="101"/>
        <source>Building</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="111"/>
        <source>  height {0:.1f} m</source>
        <translation>  高程 {0:.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="112"/>
        <source>Clicked point</source>
        <translation>点击位置</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="143"/>
        <source>Mounted devices</source>
        <translation>挂载设备</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="145"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="161"/>
        <source>Mount height, status, model</source>
        <translation>安装高度、状态、型号</translation>
    </message>
</context>
<context>
    <name>HousingPanel</name>
    <message>
        <location filename="../../app/housing_panel.py" line="49"/>
        <source>White model (no theme)</source>
        <translation>白模（无专题）</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="50"/>
        <source>Safety grade</source>
        <translation>安全等级</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="51"/>
        <source>Year built</source>
        <translation>建成年代</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="52"/>
        <source>Structure</source>
        <translation>结构类型</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="53"/>
        <source>Tenure</source>
        <translation>产权性质</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="54"/>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="62"/>
        <source>Safety grade {0} (JGJ 125)</source>
        <translation>安全等级 {0}（JGJ 125）</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="66"/>
        <source>Built before</source>
        <translation>建成早于</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="76"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="77"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="89"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="91"/>
        <source>Safety grade:</source>
        <translation>安全等级：</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="99"/>
        <source>Style:</source>
        <translation>样式：</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="174"/>
        <source>{0} of {1} buildings match</source>
        <translation>符合条件的建筑：{0} / {1}</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../app/layer_panel.py" line="47"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="47"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="47"/>
        <location filename="../../app/layer_panel.py" line="124"/>
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="83"/>
        <source>No terrain (DEM) in this cache</source>
        <translation>本缓存中没有地形（DEM）</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="100"/>
        <source>Colours the buildings by a housing attribute (choose it in the housing panel)</source>
        <translation>按房屋属性为建筑着色（在房屋专题面板中选择）</translation>
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
        <location filename="../../app/legend.py" line="98"/>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location filename="../../app/legend.py" line="128"/>
        <source>Standard colour {0}, shown as {1} on the dark background</source>
        <translation>标准颜色 {0}，深色背景下显示为 {1}</translation>
    </message>
    <message>
        <location filename="../../app/legend.py" line="136"/>
        <source>Black ({0}) is shown as light grey {1} on the dark background: a legible substitute, not the CJJ 61 colour.</source>
        <translation>黑色（{0}）在深色背景下显示为浅灰 {1}：为便于辨认的替代色，并非 CJJ 61 规定颜色。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="137"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="138"/>
        <source>Housing stock</source>
        <translation>房屋专题</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="140"/>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="144"/>
        <source>Pipeline legend</source>
        <translation>管线图例</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="148"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="180"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="181"/>
        <source>&amp;Open cache…</source>
        <translation>打开缓存(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="183"/>
        <source>&amp;Import file…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="184"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="189"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="192"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="193"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="195"/>
        <source>&amp;Top view</source>
        <translation>俯视(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="196"/>
        <source>&amp;North up</source>
        <translation>正北朝上(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="197"/>
        <source>Zoom to &amp;layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="199"/>
        <source>&amp;Fly to the selection</source>
        <translation>飞到所选要素(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="202"/>
        <source>&amp;Underground mode</source>
        <translation>地下模式(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="205"/>
        <source>&amp;Hide buildings underground</source>
        <translation>地下模式隐藏建筑(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="210"/>
        <source>&amp;Styles</source>
        <translation>样式(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="212"/>
        <source>Pipelines in the CJJ 61 &amp;standard colours</source>
        <translation>管线使用 CJJ 61 标准颜色(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="216"/>
        <source>Terrain tinted by &amp;elevation</source>
        <translation>地形按高程着色(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="220"/>
        <source>Smart poles by number of &amp;devices</source>
        <translation>智慧杆按挂载设备数量着色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="229"/>
        <location filename="../../app/main_window.py" line="235"/>
        <source>Terrain opacity</source>
        <translation>地形不透明度</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="232"/>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="237"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="240"/>
        <source>&amp;Search…</source>
        <translation>搜索(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="245"/>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="248"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="249"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="250"/>
        <source>&amp;About cimview</source>
        <translation>关于 cimview(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="270"/>
        <source>Cannot open cache</source>
        <translation>无法打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="283"/>
        <source>CRS {0}  Height datum {1}</source>
        <translation>坐标系 {0}  高程基准 {1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="285"/>
        <source>Extent {0}</source>
        <translation>范围 {0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="334"/>
        <source>Scene built in {0:.1f} s</source>
        <translation>场景构建用时 {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="343"/>
        <source>Cannot draw the city: {0}</source>
        <translation>无法绘制城市：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="344"/>
        <source>Cannot draw the city</source>
        <translation>无法绘制城市</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="464"/>
        <source>Search is not available: {0}</source>
        <translation>搜索不可用：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="467"/>
        <source>Building the search index…</source>
        <translation>正在建立搜索索引…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="543"/>
        <location filename="../../app/main_window.py" line="609"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="601"/>
        <source>No address lookup: {0}</source>
        <translation>无法查询地址：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="608"/>
        <source>Standard address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="611"/>
        <source>Nearest standard address</source>
        <translation>最近标准地址</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="612"/>
        <source>{0} ({1}, {2:.0f} m)</source>
        <translation>{0}（{1}，{2:.0f} 米）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="614"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="621"/>
        <source>X {0:.2f}  Y {1:.2f}</source>
        <translation>X {0:.2f}  Y {1:.2f}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="623"/>
        <source>  lon {0:.6f}°  lat {1:.6f}°</source>
        <translation>  经度 {0:.6f}°  纬度 {1:.6f}°</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="625"/>
        <source>  height {0:.1f} m</source>
        <translation>  高程 {0:.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="634"/>
        <source>&amp;Save current view…</source>
        <translation>保存当前视图(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="651"/>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="651"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="674"/>
        <source>Open cache</source>
        <translation>打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="675"/>
        <source>cimview caches (*.gpkg)</source>
        <translation>cimview 缓存 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="681"/>
        <source>Import into this cache</source>
        <translation>导入到当前缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="682"/>
        <source>City data (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;All files (*)</source>
        <translation>城市数据 (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="690"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="699"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="703"/>
        <source>Import failed; the cache is unchanged</source>
        <translation>导入失败，缓存未改动</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="704"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="705"/>
        <source>{0}

The cache is unchanged.</source>
        <translation>{0}

缓存未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="708"/>
        <source>Fly to the selection</source>
        <translation>飞到所选要素</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="709"/>
        <source>Search addresses, buildings, roads, parcels, poles</source>
        <translation>搜索地址、建筑、道路、地块、杆件</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="711"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="714"/>
        <source>About cimview</source>
        <translation>关于 cimview</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="715"/>
        <source>cimview: the desktop client of a city&apos;s CIM base platform.</source>
        <translation>cimview：城市信息模型（CIM）基础平台的桌面客户端。</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../app/search_box.py" line="82"/>
        <source>door</source>
        <translation>门牌</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="83"/>
        <source>building no.</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="84"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="80"/>
        <source>road</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="63"/>
        <source>door</source>
        <comment>address level</comment>
        <translation>门牌</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="64"/>
        <source>building no.</source>
        <comment>address level</comment>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="65"/>
        <source>unit</source>
        <comment>address level</comment>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="66"/>
        <source>road</source>
        <comment>address level</comment>
        <translation>街路巷</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="67"/>
        <source>compound</source>
        <comment>address level</comment>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="68"/>
        <source>sub-district</source>
        <comment>address level</comment>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="69"/>
        <source>community</source>
        <comment>address level</comment>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="70"/>
        <source>building</source>
        <comment>address level</comment>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="71"/>
        <source>parcel</source>
        <comment>address level</comment>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="72"/>
        <source>pole</source>
        <comment>address level</comment>
        <translation>杆件</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="81"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="85"/>
        <source>sub-district</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="86"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="87"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="88"/>
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="96"/>
        <source>typo</source>
        <translation>纠错</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="97"/>
        <source>pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="98"/>
        <source>initials</source>
        <translation>首字母</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="99"/>
        <source>alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="100"/>
        <source>nearest</source>
        <translation>就近</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="122"/>
        <source>unmatched: {0}</source>
        <translation>未匹配：{0}</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="227"/>
        <source>Search addresses, buildings, roads, parcels, pole codes (Ctrl+F)</source>
        <translation>搜索地址、建筑、道路、地块、杆件编码 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="262"/>
        <source>Search is not available</source>
        <translation>搜索不可用</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="268"/>
        <source>Search failed: {0}</source>
        <translation>搜索出错：{0}</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="276"/>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
</context>
<context>
    <name>View3D</name>
    <message>
        <location filename="../../app/view3d.py" line="700"/>
        <source>Clear the selection</source>
        <extracomment>A press and release closer than this (widget pixels) is a click, not a drag. The cursor position is picked at most this often (ms). The camera stays this high above the terrain unless underground mode allows otherwise (m). Fly-to animation steps. Wheel: each notch moves the camera this fraction of the way to the point under the cursor. &quot;Top&quot; view elevation (°): just short of 90 so the terrain style keeps z as its up axis. Outward margin of the selection overlay so it does not z-fight with the feature (m). After every click&apos;s picked or cleared: the world point (cache CRS x, y, z) of the surface clicked — a building, a pipe or the terrain — or None (the sky, or a glyph: a pole or a pipe point, whose position is the feature&apos;s own).</extracomment>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="700"/>
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="701"/>
        <source>Top view</source>
        <translation>俯视</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="701"/>
        <source>North up</source>
        <translation>正北朝上</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="702"/>
        <source>Zoom in / out</source>
        <translation>放大 / 缩小</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="703"/>
        <source>Left drag</source>
        <translation>左键拖动</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="703"/>
        <source>Orbit</source>
        <translation>环绕</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="704"/>
        <source>Middle or Shift+left drag</source>
        <translation>中键或 Shift+左键拖动</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="704"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="705"/>
        <source>Wheel</source>
        <translation>滚轮</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="705"/>
        <source>Zoom toward the cursor</source>
        <translation>向光标处缩放</translation>
    </message>
</context>
</TS>
