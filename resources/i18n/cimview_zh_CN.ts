<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttributePanel</name>
    <message>
        <location filename="../../app/attribute_panel.py" line="46"/>
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="46"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="73"/>
        <source>No such feature</source>
        <translation>没有该要素</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="94"/>
        <source>Standard address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="95"/>
        <source>Level</source>
        <translation>地址级别</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="97"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="105"/>
        <source>Building</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="115"/>
        <source>  height {0:.1f} m</source>
        <translation>  高程 {0:.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="116"/>
        <source>Clicked point</source>
        <translation>点击位置</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="169"/>
        <source>Mounted devices</source>
        <translation>挂载设备</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="171"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/attribute_panel.py" line="187"/>
        <source>Mount height, status, model</source>
        <translation>安装高度、状态、型号</translation>
    </message>
</context>
<context>
    <name>BimPanel</name>
    <message>
        <location filename="../../app/bim_panel.py" line="191"/>
        <location filename="../../app/bim_panel.py" line="309"/>
        <source>No BIM model: File ▸ Open BIM…, or drop an .ifc file on the window</source>
        <translation>没有 BIM 模型：文件 ▸ 打开 BIM…，或把 .ifc 文件拖到窗口上</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="207"/>
        <source>Review</source>
        <translation>审查</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="210"/>
        <source>X-ray</source>
        <translation>X 光</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="211"/>
        <source>Everything but the selected element translucent</source>
        <translation>除选中构件外全部半透明</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="213"/>
        <source>Compare with white model</source>
        <translation>与白模对比</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="214"/>
        <source>Show the white models the BIM replaces</source>
        <translation>显示被 BIM 替代的白模</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="223"/>
        <source>Storey</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="226"/>
        <source>Section</source>
        <translation>剖切</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="227"/>
        <source>Cut the model with a plane</source>
        <translation>用平面剖切模型</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="230"/>
        <source>Horizontal</source>
        <translation>水平</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="231"/>
        <source>Vertical</source>
        <translation>竖直</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="246"/>
        <source>Place manually…</source>
        <translation>手动放置…</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="248"/>
        <source>Close model</source>
        <translation>关闭模型</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="266"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="266"/>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="267"/>
        <source>Origin</source>
        <translation>原点</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="267"/>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="268"/>
        <source>Scale</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="268"/>
        <source>Anomalies</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="274"/>
        <source>Spatial structure</source>
        <translation>空间结构</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="275"/>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="276"/>
        <source>Georeferencing</source>
        <translation>地理配准</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="335"/>
        <source>{0} elements with geometry</source>
        <translation>{0} 个有几何的构件</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="337"/>
        <source>, &lt;a href=&quot;failures&quot;&gt;{0} failed&lt;/a&gt;</source>
        <translation>，&lt;a href=&quot;failures&quot;&gt;{0} 个失败&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="339"/>
        <source>, none failed</source>
        <translation>，无失败</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="340"/>
        <source> — {0:.1f} s</source>
        <translation> — {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="342"/>
        <source> (from the cache)</source>
        <translation>（来自缓存）</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="454"/>
        <source>All storeys</source>
        <translation>全部楼层</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="479"/>
        <source>White models under the BIM: {0}</source>
        <translation>BIM 下的白模：{0} 栋</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="480"/>
        <source>No white model under the BIM</source>
        <translation>BIM 下没有白模</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="557"/>
        <source>Show only {0}</source>
        <translation>只显示 {0}</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="560"/>
        <source>Show all classes</source>
        <translation>显示全部类别</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="617"/>
        <source>{0:.2f} m</source>
        <translation>{0:.2f} 米</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="620"/>
        <source>{0:.2f} m along x</source>
        <translation>沿 x 轴 {0:.2f} 米</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../app/sync_panel.py" line="592"/>
        <source>Resolve conflict</source>
        <translation>解决冲突</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="594"/>
        <source>The platform&apos;s copy changed since you edited it. Choose, field by field, which value to keep.</source>
        <translation>你编辑之后平台上的数据也改了。请逐个字段选择保留哪个值。</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="597"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="597"/>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="598"/>
        <location filename="../../app/sync_panel.py" line="606"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="598"/>
        <location filename="../../app/sync_panel.py" line="607"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="599"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <location filename="../../app/sync_panel.py" line="148"/>
        <source>Edit {0}</source>
        <translation>编辑 {0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="163"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="164"/>
        <source>Now</source>
        <translation>当前值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="165"/>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="197"/>
        <location filename="../../app/sync_panel.py" line="206"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="222"/>
        <source>Not a number: {0}</source>
        <translation>不是数字：{0}</translation>
    </message>
</context>
<context>
    <name>FailuresDialog</name>
    <message>
        <location filename="../../app/bim_panel.py" line="65"/>
        <source>Elements without geometry</source>
        <extracomment>Spatial containers: in the spatial tab as branches, not listed in the class tab unless drawn.</extracomment>
        <translation>未生成几何的构件</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="68"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="68"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="68"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="69"/>
        <source>Problem</source>
        <translation>问题</translation>
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
        <source>Structure</source>
        <translation>结构类型</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="55"/>
        <source>Tenure</source>
        <translation>产权性质</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="56"/>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="64"/>
        <source>Safety grade {0} (JGJ 125)</source>
        <translation>安全等级 {0}（JGJ 125）</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="68"/>
        <source>Built before</source>
        <translation>建成早于</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="78"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="79"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="91"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="93"/>
        <source>Safety grade:</source>
        <translation>安全等级：</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="101"/>
        <source>Style:</source>
        <translation>样式：</translation>
    </message>
    <message>
        <location filename="../../app/housing_panel.py" line="182"/>
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
        <location filename="../../app/layer_panel.py" line="127"/>
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="86"/>
        <source>No terrain (DEM) in this cache</source>
        <translation>本缓存中没有地形（DEM）</translation>
    </message>
    <message>
        <location filename="../../app/layer_panel.py" line="103"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="163"/>
        <source>Layers</source>
        <extracomment>Camera distance to a selected BIM element: this many times its size, at least BIM_MIN_DISTANCE. A georeferenced model whose base is farther than this from the terrain gets a note (m).</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="164"/>
        <source>Housing stock</source>
        <translation>房屋专题</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="166"/>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="170"/>
        <source>Pipeline legend</source>
        <translation>管线图例</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="175"/>
        <source>BIM</source>
        <translation>BIM</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="178"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="188"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="189"/>
        <source>Stop loading the BIM model</source>
        <translation>停止加载 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="222"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="223"/>
        <source>&amp;Open cache…</source>
        <translation>打开缓存(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="225"/>
        <source>&amp;Import file…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="226"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="231"/>
        <source>Open &amp;BIM…</source>
        <translation>打开 &amp;BIM…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="233"/>
        <source>&amp;Place BIM manually…</source>
        <translation>手动放置 BIM(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="235"/>
        <source>&amp;Close BIM</source>
        <translation>关闭 BIM(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="241"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="244"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="245"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="247"/>
        <source>&amp;Top view</source>
        <translation>俯视(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="248"/>
        <source>&amp;North up</source>
        <translation>正北朝上(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="249"/>
        <source>Zoom to &amp;layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="251"/>
        <source>&amp;Fly to the selection</source>
        <translation>飞到所选要素(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="254"/>
        <source>&amp;Underground mode</source>
        <translation>地下模式(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="257"/>
        <source>&amp;Hide buildings underground</source>
        <translation>地下模式隐藏建筑(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="263"/>
        <source>&amp;Styles</source>
        <translation>样式(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="265"/>
        <source>Pipelines in the CJJ 61 &amp;standard colours</source>
        <translation>管线使用 CJJ 61 标准颜色(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="269"/>
        <source>Terrain tinted by &amp;elevation</source>
        <translation>地形按高程着色(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="273"/>
        <source>Smart poles by number of &amp;devices</source>
        <translation>智慧杆按挂载设备数量着色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="282"/>
        <location filename="../../app/main_window.py" line="288"/>
        <source>Terrain opacity</source>
        <translation>地形不透明度</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="285"/>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="290"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="293"/>
        <source>&amp;Search…</source>
        <translation>搜索(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="298"/>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="301"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="302"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="303"/>
        <source>&amp;About cimview</source>
        <translation>关于 cimview(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="332"/>
        <source>Cannot open cache</source>
        <translation>无法打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="347"/>
        <source>CRS {0}  Height datum {1}</source>
        <translation>坐标系 {0}  高程基准 {1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="349"/>
        <source>Extent {0}</source>
        <translation>范围 {0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="398"/>
        <source>Scene built in {0:.1f} s</source>
        <translation>场景构建用时 {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="415"/>
        <source>No BIM worker started ahead: {0}</source>
        <translation>未能预先启动 BIM 加载进程：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="419"/>
        <source>Cannot draw the city: {0}</source>
        <translation>无法绘制城市：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="420"/>
        <source>Cannot draw the city</source>
        <translation>无法绘制城市</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="540"/>
        <source>Search is not available: {0}</source>
        <translation>搜索不可用：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="543"/>
        <source>Building the search index…</source>
        <translation>正在建立搜索索引…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="619"/>
        <location filename="../../app/main_window.py" line="702"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="694"/>
        <source>No address lookup: {0}</source>
        <translation>无法查询地址：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="701"/>
        <source>Standard address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="704"/>
        <source>Nearest standard address</source>
        <translation>最近标准地址</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="705"/>
        <source>{0} ({1}, {2:.0f} m)</source>
        <translation>{0}（{1}，{2:.0f} 米）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="707"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="714"/>
        <source>X {0:.2f}  Y {1:.2f}</source>
        <translation>X {0:.2f}  Y {1:.2f}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="716"/>
        <source>  lon {0:.6f}°  lat {1:.6f}°</source>
        <translation>  经度 {0:.6f}°  纬度 {1:.6f}°</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="718"/>
        <source>  height {0:.1f} m</source>
        <translation>  高程 {0:.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="727"/>
        <source>&amp;Save current view…</source>
        <translation>保存当前视图(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="744"/>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="744"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="767"/>
        <source>Open cache</source>
        <translation>打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="768"/>
        <source>cimview caches (*.gpkg)</source>
        <translation>cimview 缓存 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="774"/>
        <source>Import into this cache</source>
        <translation>导入到当前缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="775"/>
        <source>City data (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;All files (*)</source>
        <translation>城市数据 (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="783"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="792"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="796"/>
        <source>Import failed; the cache is unchanged</source>
        <translation>导入失败，缓存未改动</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="797"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="798"/>
        <source>{0}

The cache is unchanged.</source>
        <translation>{0}

缓存未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="803"/>
        <source>Open BIM model</source>
        <translation>打开 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="804"/>
        <source>IFC models (*.ifc);;All files (*)</source>
        <translation>IFC 模型 (*.ifc);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="816"/>
        <source>{0} %p%</source>
        <translation>{0} %p%</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="820"/>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="836"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="861"/>
        <source>Loading the BIM model was cancelled</source>
        <translation>已取消加载 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="866"/>
        <source>Cannot open the BIM model</source>
        <translation>无法打开 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="867"/>
        <source>Cannot open BIM model</source>
        <translation>无法打开 BIM 模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="905"/>
        <source>{0}: {1} elements, {2} failed</source>
        <translation>{0}：{1} 个构件，{2} 个失败</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="953"/>
        <source>Cannot find the white models under the BIM: {0}</source>
        <translation>无法查找 BIM 下的白模：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1006"/>
        <location filename="../../app/main_window.py" line="1015"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1008"/>
        <source>{0} — placed by hand</source>
        <translation>{0} — 手动放置</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1009"/>
        <source>{0} — placed provisionally</source>
        <translation>{0} — 临时放置</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1010"/>
        <source>the cache CRS ({0})</source>
        <translation>缓存坐标系（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1014"/>
        <source> (the file says {0:g})</source>
        <translation>（文件中为 {0:g}）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1017"/>
        <source>E {0:.3f}  N {1:.3f}  H {2:.3f}</source>
        <translation>E {0:.3f}  N {1:.3f}  H {2:.3f}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1018"/>
        <source>{0:.4f}° from grid east</source>
        <translation>自坐标东向 {0:.4f}°</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1024"/>
        <source>Georeferenced by the file&apos;s {0}</source>
        <translation>按文件中的 {0} 地理配准</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1025"/>
        <source>Placed by hand (saved with the model in this cache)</source>
        <translation>手动放置（已随模型保存在本缓存中）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1026"/>
        <source>Approximate: placed from the site&apos;s latitude and longitude, set on the terrain. Check it, or place it manually.</source>
        <translation>近似位置：按场地经纬度放置并落在地形上。请核对，或手动放置。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1029"/>
        <source>Approximate: the file&apos;s georeferencing puts the model outside this city; shown provisionally at the view centre on the terrain. Place it manually.</source>
        <translation>近似位置：文件的地理配准把模型放在本城区之外；现临时显示在视图中心的地形上。请手动放置。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1032"/>
        <source>Not georeferenced: shown provisionally at the view centre on the terrain. Place it manually.</source>
        <translation>未地理配准：临时显示在视图中心的地形上。请手动放置。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1040"/>
        <source>; its lowest point is {0:+.1f} m from the terrain</source>
        <translation>；最低点与地形相差 {0:+.1f} 米</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1125"/>
        <source>No properties: {0}</source>
        <translation>没有属性：{0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1130"/>
        <source>IFC class</source>
        <translation>IFC 类别</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1131"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1133"/>
        <source>IFC id</source>
        <translation>IFC 编号</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1136"/>
        <source>Storey</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1154"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1154"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1186"/>
        <source>Placement not saved</source>
        <translation>放置未保存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1217"/>
        <source>Place the BIM: pick a point on the map, set the rotation and the elevation, then Save</source>
        <translation>放置 BIM：在地图上拾取一点，设置旋转角和标高，然后保存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1227"/>
        <source>Click in the 3D view where the centre of the building goes</source>
        <translation>在三维视图中点击建筑中心要放置的位置</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1241"/>
        <source>Not on the terrain: pick again</source>
        <translation>不在地形上：请重新拾取</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1262"/>
        <source>Placement saved with the model</source>
        <translation>放置已随模型保存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1302"/>
        <source>Fly to the selection</source>
        <translation>飞到所选要素</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1303"/>
        <source>Search addresses, buildings, roads, parcels, poles</source>
        <translation>搜索地址、建筑、道路、地块、杆件</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1305"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1308"/>
        <source>About cimview</source>
        <translation>关于 cimview</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="1309"/>
        <source>cimview: the desktop client of a city&apos;s CIM base platform.</source>
        <translation>cimview：城市信息模型（CIM）基础平台的桌面客户端。</translation>
    </message>
</context>
<context>
    <name>ObservationDialog</name>
    <message>
        <location filename="../../app/sync_panel.py" line="537"/>
        <source>Record observation</source>
        <translation>记录巡查</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="546"/>
        <source>What you see, where exactly, what was done</source>
        <translation>看到了什么、具体位置、做了什么</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="553"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="556"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="557"/>
        <source>Severity (1–5)</source>
        <translation>严重程度（1–5）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="558"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="559"/>
        <source>X (cache CRS)</source>
        <translation>X（缓存坐标系）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="560"/>
        <source>Y (cache CRS)</source>
        <translation>Y（缓存坐标系）</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="561"/>
        <source>Linked feature</source>
        <translation>关联要素</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="561"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="562"/>
        <location filename="../../app/sync_panel.py" line="571"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="572"/>
        <source>Images (*.jpg *.jpeg *.png);;All (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png);;全部 (*)</translation>
    </message>
</context>
<context>
    <name>PlacementDialog</name>
    <message>
        <location filename="../../app/bim_panel.py" line="102"/>
        <source>Place BIM manually</source>
        <translation>手动放置 BIM</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="105"/>
        <source>Click “Pick on map”, then click the spot in the 3D view where the centre of the building goes.</source>
        <translation>点击“在地图上拾取”，然后在三维视图中点击建筑中心要放置的位置。</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="113"/>
        <source>Pick on map</source>
        <translation>在地图上拾取</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="116"/>
        <source>On the terrain</source>
        <translation>落到地形上</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="117"/>
        <source>Set the elevation to the terrain height at the point</source>
        <translation>把标高设为该点的地形高度</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="119"/>
        <source>Easting (X)</source>
        <translation>东坐标 (X)</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="120"/>
        <source>Northing (Y)</source>
        <translation>北坐标 (Y)</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="122"/>
        <source>Rotation (counter-clockwise from east)</source>
        <translation>旋转角（自东向逆时针）</translation>
    </message>
    <message>
        <location filename="../../app/bim_panel.py" line="126"/>
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
    <name>SearchBox</name>
    <message>
        <location filename="../../app/search_box.py" line="84"/>
        <source>door</source>
        <translation>门牌</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="85"/>
        <source>building no.</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="86"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="82"/>
        <source>road</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="65"/>
        <source>door</source>
        <comment>address level</comment>
        <translation>门牌</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="66"/>
        <source>building no.</source>
        <comment>address level</comment>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="67"/>
        <source>unit</source>
        <comment>address level</comment>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="68"/>
        <source>road</source>
        <comment>address level</comment>
        <translation>街路巷</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="69"/>
        <source>compound</source>
        <comment>address level</comment>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="70"/>
        <source>sub-district</source>
        <comment>address level</comment>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="71"/>
        <source>community</source>
        <comment>address level</comment>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="72"/>
        <source>building</source>
        <comment>address level</comment>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="73"/>
        <source>parcel</source>
        <comment>address level</comment>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="74"/>
        <source>pole</source>
        <comment>address level</comment>
        <translation>杆件</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="83"/>
        <source>compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="87"/>
        <source>sub-district</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="88"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="89"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="90"/>
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="98"/>
        <source>typo</source>
        <translation>纠错</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="99"/>
        <source>pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="100"/>
        <source>initials</source>
        <translation>首字母</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="101"/>
        <source>alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="102"/>
        <source>nearest</source>
        <translation>就近</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="124"/>
        <source>unmatched: {0}</source>
        <translation>未匹配：{0}</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="229"/>
        <source>Search addresses, buildings, roads, parcels, pole codes (Ctrl+F)</source>
        <translation>搜索地址、建筑、道路、地块、杆件编码 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="264"/>
        <source>Search is not available</source>
        <translation>搜索不可用</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="270"/>
        <source>Search failed: {0}</source>
        <translation>搜索出错：{0}</translation>
    </message>
    <message>
        <location filename="../../app/search_box.py" line="278"/>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../app/sync_controller.py" line="79"/>
        <source>Field work</source>
        <translation>外业</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="105"/>
        <source>Field &amp;work</source>
        <translation>外业(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="107"/>
        <source>&amp;Download work area…</source>
        <translation>下载作业区(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="108"/>
        <source>Draw a work &amp;area on the map…</source>
        <translation>在地图上绘制作业区(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="109"/>
        <source>&amp;Update from platform</source>
        <translation>从平台更新(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="110"/>
        <source>&amp;Record observation…</source>
        <translation>记录巡查(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="111"/>
        <source>&amp;Edit the selected feature…</source>
        <translation>编辑所选要素(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="112"/>
        <source>&amp;Send outbox</source>
        <translation>发送待传记录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="143"/>
        <source>No system keyring: the token is kept for this session only</source>
        <translation>系统密钥环不可用：令牌仅在本次会话中保留</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="161"/>
        <source>Download work area</source>
        <translation>下载作业区</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="162"/>
        <source>Work area: a 街道, 社区 or district name (empty: the whole platform)</source>
        <translation>作业区：街道、社区或区名（留空：整个平台）</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="165"/>
        <location filename="../../app/sync_controller.py" line="366"/>
        <source>New cache</source>
        <translation>新缓存</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="167"/>
        <location filename="../../app/sync_controller.py" line="368"/>
        <source>Caches (*.gpkg)</source>
        <translation>缓存 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="180"/>
        <source>Syncing with {0}…</source>
        <translation>正在与 {0} 同步…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="194"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="195"/>
        <source>Cancelling the sync…</source>
        <translation>正在取消同步…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="213"/>
        <source>{0} collections on {1}</source>
        <translation>{1} 上有 {0} 个数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="222"/>
        <source>Syncing: {0}</source>
        <translation>同步中：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="228"/>
        <source>{0} fetched, {1} new, {2} updated, {3} retired ({4:.1f} s)</source>
        <translation>获取 {0} 个，新增 {1}，更新 {2}，退役 {3}（{4:.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="232"/>
        <source>Cancelled: what was received is kept; update again to resume</source>
        <translation>已取消：已接收的数据均已保留；再次更新即可从中断处继续</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="235"/>
        <source>incomplete: update again to resume</source>
        <translation>未完成：再次更新即可续传</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="239"/>
        <source>Up to date: the platform has nothing new</source>
        <translation>已是最新：平台没有新的变化</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="260"/>
        <location filename="../../app/sync_controller.py" line="261"/>
        <source>Sync failed: {0}</source>
        <translation>同步失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="262"/>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="317"/>
        <source>{0} buildings changed by the sync (orange)</source>
        <translation>同步改动了 {0} 栋建筑（橙色）</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="340"/>
        <source>Work area: {0} points; click more, then Finish the area</source>
        <translation>作业区：{0} 个点；继续点击，然后点“完成作业区”</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="348"/>
        <source>Click the corners of the work area on the map</source>
        <translation>在地图上依次点击作业区的角点</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="360"/>
        <source>A work area needs at least three corners</source>
        <translation>作业区至少需要三个角点</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="433"/>
        <source>Observation not recorded</source>
        <translation>巡查记录未保存</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="439"/>
        <source>Observation {0} kept in the outbox</source>
        <translation>巡查记录 {0} 已存入待传箱</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="452"/>
        <source>Select a feature first</source>
        <translation>请先选择一个要素</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="462"/>
        <source>Edit refused</source>
        <translation>修改被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="472"/>
        <source>The platform has not said yet whether it takes edits to {0}: update from the platform first, or the platform decides when the outbox is sent.</source>
        <translation>平台尚未说明是否接受对{0}的修改：请先从平台更新；否则在发送待发件时由平台决定。</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="491"/>
        <source>Edit not recorded</source>
        <translation>编辑未保存</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="499"/>
        <source>Edit kept in the outbox</source>
        <translation>修改已保存到待发件</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="519"/>
        <source>Reverted to the platform&apos;s value</source>
        <translation>已恢复为平台的值</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="545"/>
        <source>The platform&apos;s words</source>
        <translation>平台原文</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="546"/>
        <source>Edit refused by the platform</source>
        <translation>平台拒绝了此修改</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="559"/>
        <source>Sending the outbox…</source>
        <translation>正在发送待传记录…</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="570"/>
        <source>Sent {0}, rejected {1}, conflicts {2}, still pending {3}</source>
        <translation>已发送 {0}，被拒 {1}，冲突 {2}，仍待发送 {3}</translation>
    </message>
    <message>
        <location filename="../../app/sync_controller.py" line="579"/>
        <source>The platform refused {0} item(s): the reasons are in the Field work dock</source>
        <translation>平台拒绝了 {0} 项，原因见“外业”面板</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../app/sync_panel.py" line="286"/>
        <source>Pole fault</source>
        <translation>杆件故障</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="287"/>
        <source>Pipe leak</source>
        <translation>管线漏水</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="288"/>
        <source>Building safety</source>
        <translation>房屋安全</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="289"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="294"/>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="295"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="296"/>
        <source>rejected</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="297"/>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="298"/>
        <source>discarded</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="320"/>
        <source>The OGC API - Features landing page of the base platform</source>
        <translation>基础平台的 OGC API - Features 入口地址</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="323"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="324"/>
        <source>Remember the token in the system keyring</source>
        <translation>在系统密钥环中记住令牌</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="325"/>
        <source>Kept by the operating system&apos;s keyring for this platform, not in a file</source>
        <translation>由操作系统的密钥环为此平台保存，不写入文件</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="327"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="328"/>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="332"/>
        <source>Update from platform</source>
        <translation>从平台更新</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="334"/>
        <source>Send outbox</source>
        <translation>发送待传记录</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="336"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="344"/>
        <source>Browse collections</source>
        <translation>浏览数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="346"/>
        <source>Finish the area</source>
        <translation>完成作业区</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="352"/>
        <source>Not synced in this session</source>
        <translation>本次尚未同步</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="356"/>
        <location filename="../../app/sync_panel.py" line="409"/>
        <location filename="../../app/sync_panel.py" line="423"/>
        <source>Collection</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="356"/>
        <location filename="../../app/sync_panel.py" line="423"/>
        <source>Edits</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="427"/>
        <source>takes edits</source>
        <translation>可提交修改</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="427"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="428"/>
        <source>not said</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="489"/>
        <source>The platform refused {0} item(s). Select one and revert it to the platform&apos;s value, or edit it again:</source>
        <translation>平台拒绝了 {0} 项。选中一项后可恢复为平台的值，或重新修改：</translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="vanished">标识</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="357"/>
        <location filename="../../app/sync_panel.py" line="409"/>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="371"/>
        <source>Outbox</source>
        <translation>待传箱</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="371"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="371"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="380"/>
        <source>Record observation…</source>
        <translation>记录巡查…</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="382"/>
        <source>Resolve conflict…</source>
        <translation>解决冲突…</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="384"/>
        <source>Revert to the platform&apos;s value</source>
        <translation>恢复为平台的值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="385"/>
        <source>Give up the refused edit: the feature takes back the platform&apos;s values</source>
        <translation>放弃被拒绝的修改：要素恢复为平台的值</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="412"/>
        <source>fetched {0}, new {1}, updated {2}, retired {3}</source>
        <translation>获取 {0}，新增 {1}，更新 {2}，退役 {3}</translation>
    </message>
    <message>
        <source>collection</source>
        <translation type="vanished">数据集</translation>
    </message>
    <message>
        <location filename="../../app/sync_panel.py" line="462"/>
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
    <name>View3D</name>
    <message>
        <location filename="../../app/view3d.py" line="724"/>
        <source>Clear the selection</source>
        <extracomment>A press and release closer than this (widget pixels) is a click, not a drag. The cursor position is picked at most this often (ms). The camera stays this high above the terrain unless underground mode allows otherwise (m). Fly-to animation steps. Wheel: each notch moves the camera this fraction of the way to the point under the cursor. &quot;Top&quot; view elevation (°): just short of 90 so the terrain style keeps z as its up axis. Outward margin of the selection overlay so it does not z-fight with the feature (m). layer (&quot;buildings&quot;, &quot;pipelines&quot;, &quot;pipe_points&quot;, &quot;poles&quot;, or &quot;bim&quot; with the IFC element id of the BIM model shown), fid After every click&apos;s picked or cleared: the world point (cache CRS x, y, z) of the surface clicked — a building, a pipe or the terrain — or None (the sky, or a glyph: a pole or a pipe point, whose position is the feature&apos;s own). Display pixel (VTK: origin bottom-left) of the last click picked, or None.</extracomment>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="724"/>
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="725"/>
        <source>Top view</source>
        <translation>俯视</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="725"/>
        <source>North up</source>
        <translation>正北朝上</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="726"/>
        <source>Zoom in / out</source>
        <translation>放大 / 缩小</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="727"/>
        <source>Left drag</source>
        <translation>左键拖动</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="727"/>
        <source>Orbit</source>
        <translation>环绕</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="728"/>
        <source>Middle or Shift+left drag</source>
        <translation>中键或 Shift+左键拖动</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="728"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="729"/>
        <source>Wheel</source>
        <translation>滚轮</translation>
    </message>
    <message>
        <location filename="../../app/view3d.py" line="729"/>
        <source>Zoom toward the cursor</source>
        <translation>向光标处缩放</translation>
    </message>
</context>
<context>
    <name>store</name>
    <message>
        <location filename="../../app/messages.py" line="34"/>
        <source>{path}: feature {feature}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="35"/>
        <source>{path}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="36"/>
        <source>feature {feature}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/messages.py" line="37"/>
        <source>error: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="11"/>
        <source>no such file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="12"/>
        <source>is a directory, not an IFC file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="13"/>
        <source>empty file (0 bytes), not an IFC model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="14"/>
        <source>not an IFC file: binary data, and an IFC file starts with &apos;ISO-10303-21;&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="15"/>
        <source>not an IFC file: only blank space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="16"/>
        <source>could not be processed ({kind}: {error}); the details are in {log}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="17"/>
        <source>the disk is full: nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="18"/>
        <source>too large to read into memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="19"/>
        <source>text that is not valid Unicode ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="20"/>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="21"/>
        <source>cannot be read or written: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="22"/>
        <source>not CityJSONSeq: the first line is not a CityJSON header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="23"/>
        <source>appearance (materials, textures) ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="24"/>
        <source>GeometryInstance (template) geometries are not supported and were ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="25"/>
        <source>no footprint: every surface is vertical or degenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="26"/>
        <source>coordinates outside the area of the cache CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="27"/>
        <source>not CityJSON: no &quot;type&quot;: &quot;CityJSON&quot; at the top level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="28"/>
        <source>no geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="29"/>
        <source>no geometry (no surface with 3 or more vertices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="30"/>
        <source>&apos;transform&apos; needs &apos;scale&apos; and &apos;translate&apos; of 3 numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="31"/>
        <source>malformed boundaries (vertex indices must be integers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="32"/>
        <source>GeoTIFF without raster bands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="33"/>
        <source>GeoTIFF without georeferencing (no geotransform)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="34"/>
        <source>not GeoJSON: &apos;features&apos; holds something other than objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="35"/>
        <source>no geometry (null)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="36"/>
        <source>empty geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="37"/>
        <source>not GeoJSON: a FeatureCollection without a &apos;features&apos; list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="38"/>
        <source>not GeoJSON: a JSON document without features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="39"/>
        <source>invalid JSON: nested too deeply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="40"/>
        <source>the cache&apos;s DEM was replaced by this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="41"/>
        <source>not an OGC API collections document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="42"/>
        <source>not a GeoJSON Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="43"/>
        <source>not a GeoJSON FeatureCollection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="44"/>
        <source>a feature without an id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="45"/>
        <source>the work area is empty (bbox and area do not overlap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/store_messages.py" line="46"/>
        <source>the photo is empty (0 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
